/**
 * The LDAP page's two lookups on the face (device/directory-lookups.ts) with a
 * scripted directory and a virtual clock: when they ask, what they skip, and
 * that a failure or a late answer shows nothing wrong.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry, DirectoryPurpose, DirectorySearch, DirectorySearchBy } from '../../../src/device/index.js';
import { makeDevice } from './fake-phone.js';

class ScriptedDirectory implements DirectorySearch {
  readonly asked: Array<{ by: DirectorySearchBy; text: string; purpose: DirectoryPurpose | undefined }> = [];
  fail = false;
  constructor(private readonly entries: DirectoryEntry[]) {}
  configured(): boolean {
    return true;
  }
  async search(by: DirectorySearchBy, text: string, purpose?: DirectoryPurpose): Promise<DirectoryEntry[]> {
    this.asked.push({ by, text, purpose });
    if (this.fail) throw new Error('LDAP server 127.0.0.1:389: connection refused');
    return this.entries.filter((e) => e.numbers.some((n) => n.startsWith(text)));
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('LDAP lookups on the face', () => {
  it('an unnamed caller is looked up once by number; a named or known one is not', async () => {
    const dir = new ScriptedDirectory([{ name: 'Grace Hopper', numbers: ['5001'] }]);
    const t = makeDevice({ directory: dir });
    t.db.contacts.add({ firstName: 'Known', mobile: '5002' });
    t.phone.addCall({ remote: 'sip:5001@pbx', remoteName: undefined });
    await flush();
    expect(t.device.snapshot().lines[1]).toBe('Grace Hopper');
    t.phone.addCall({ remote: 'sip:5003@pbx', remoteName: 'Given Name' });
    t.phone.addCall({ remote: 'sip:5002@pbx', remoteName: undefined });
    await flush();
    expect(dir.asked).toEqual([{ by: 'number', text: '5001', purpose: 'incoming' }]);
  });

  it('a failed lookup leaves the number on the LCD', async () => {
    const dir = new ScriptedDirectory([]);
    dir.fail = true;
    const t = makeDevice({ directory: dir });
    t.phone.addCall({ remote: 'sip:5001@pbx', remoteName: undefined });
    await flush();
    expect(t.device.screenName()).toBe('ringing');
    expect(t.device.snapshot().lines[1]).toBe('5001');
  });

  it('while dialling: one search after a 400 ms pause, none per key; matches listed under the number', async () => {
    const dir = new ScriptedDirectory([{ name: 'Grace Hopper', numbers: ['5001'] }]);
    const t = makeDevice({ directory: dir });
    await t.device.keys('5');
    await t.clock.advanceAsync(200);
    await t.device.keys('0');
    await t.clock.advanceAsync(399);
    expect(dir.asked).toEqual([]);
    await t.clock.advanceAsync(1);
    await flush();
    expect(dir.asked).toEqual([{ by: 'number', text: '50', purpose: 'dial' }]);
    expect(t.device.snapshot().lines.some((l) => l.includes('Grace Hopper'))).toBe(true);
  });
});
