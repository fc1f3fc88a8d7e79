import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StartError } from './start-options.js';

/**
 * The phone's MAC address: given on the command line, else the one this data
 * directory got on its first start (a locally administered address, so it can
 * never collide with a real vendor's), kept in `<data>/identity.json`.
 * Provisioning finds its files by this MAC, as on the hardware phone.
 */
export function phoneMac(dataDir: string, given: string | undefined): string {
  const file = join(dataDir, 'identity.json');
  if (given) return given;
  if (existsSync(file)) {
    let saved: { mac?: unknown };
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as { mac?: unknown };
    } catch {
      // a silently new MAC would move the phone to other provisioning files: ask instead
      throw new StartError(`${file} is not valid JSON: repair it, or delete it for a new MAC`);
    }
    if (typeof saved?.mac === 'string' && /^[0-9a-f]{12}$/.test(saved.mac)) return saved.mac;
  }
  const bytes = randomBytes(6);
  bytes[0] = (bytes[0]! & 0xfc) | 0x02; // locally administered, unicast
  const mac = bytes.toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ mac }, null, 2));
  renameSync(`${file}.tmp`, file);
  return mac;
}
