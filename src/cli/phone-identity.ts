import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PhoneModel } from '../phone/index.js';
import { StartError } from './start-options.js';

/**
 * What a data directory is, beyond its settings: the phone's MAC and model, kept
 * in `<data>/identity.json`. A factory reset keeps it (a real phone keeps its MAC
 * and its hardware).
 */
interface Identity {
  mac?: string;
  model?: PhoneModel;
}

function identityFile(dataDir: string): string {
  return join(dataDir, 'identity.json');
}

function readIdentity(dataDir: string): Identity {
  const file = identityFile(dataDir);
  if (!existsSync(file)) return {};
  let saved: { mac?: unknown; model?: unknown };
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as { mac?: unknown; model?: unknown };
  } catch {
    // a silently new MAC would move the phone to other provisioning files: ask instead
    throw new StartError(`${file} is not valid JSON: repair it, or delete it for a new MAC`);
  }
  const out: Identity = {};
  if (typeof saved?.mac === 'string' && /^[0-9a-f]{12}$/.test(saved.mac)) out.mac = saved.mac;
  if (saved?.model === 'ES320' || saved?.model === 'ES330') out.model = saved.model;
  return out;
}

function writeIdentity(dataDir: string, identity: Identity): void {
  const file = identityFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(identity, null, 2));
  renameSync(`${file}.tmp`, file);
}

/**
 * The phone's MAC address: given on the command line, else the one this data
 * directory got on its first start (a locally administered address, so it can
 * never collide with a real vendor's). Provisioning finds its files by this MAC,
 * as on the hardware phone.
 */
export function phoneMac(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const identity = readIdentity(dataDir);
  if (identity.mac) return identity.mac;
  const bytes = randomBytes(6);
  bytes[0] = (bytes[0]! & 0xfc) | 0x02; // locally administered, unicast
  const mac = bytes.toString('hex');
  writeIdentity(dataDir, { ...identity, mac });
  return mac;
}

/** The model this data directory was last started as (undefined: never said). */
export function rememberedModel(dataDir: string): PhoneModel | undefined {
  return readIdentity(dataDir).model;
}

/**
 * The model to run: `--model` when given (and remembered from then on, since the
 * settings hold one account page per line), else the remembered one, else the ES330.
 */
export function phoneModel(dataDir: string, given: PhoneModel | undefined): PhoneModel {
  const identity = readIdentity(dataDir);
  if (given === undefined) return identity.model ?? 'ES330';
  if (identity.model !== given) writeIdentity(dataDir, { ...identity, model: given });
  return given;
}
