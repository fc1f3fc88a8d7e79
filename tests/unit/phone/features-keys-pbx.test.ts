/**
 * BLF/BLA lamps and the message light of a whole phone in memory, whose line 1
 * (user 1001) registers to a minimal fake PBX (features-keys-world.ts FakePbx:
 * 200 to REGISTER and SUBSCRIBE, NOTIFYs on demand, 486 to INVITE). Proves,
 * from the SIP the phone sent and its status and events:
 *  - after registering, the phone SUBSCRIBEs message-summary to its own AOR
 *    and dialog to each BLF/BLA key's extension, with the account's Subscribe
 *    Period as Expires, and refreshes in the dialog before it runs out;
 *  - a message-summary NOTIFY (in the subscription or unsolicited) sets the
 *    line's `messages` in the status and emits `mwi`; the Message key dials
 *    the line's voice-mail number (account.1.voicemailNumber);
 *  - dialog-info NOTIFYs move a BLF key's lamp idle -> ringing -> busy ->
 *    idle, each a `key` event; pressing it while ringing is a directed pickup:
 *    pickup code + extension, or without a code an INVITE to the caller with
 *    Replaces (call-id; to-tag = the caller's tag; from-tag = the callee's;
 *    early-only); pressing it when busy dials the extension;
 *  - a line with BLA on watches account.1.blaNumber (status sharedLine); a
 *    BLA key with no number watches it too; ringing → pickup, busy → refused;
 *  - BLF Light off un-SUBSCRIBEs (Expires: 0) and the lamps go 'unknown'.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import type { KeyLamp, MwiEvent } from '../../../src/phone/index.js';
import { FakePbx, TappedNet, drive, keysXml, run, startMemoryPhone, stopAll, type MemoryPhone } from './features-keys-world.js';

let phones: MemoryPhone[] = [];
let clockOf: VirtualClock | undefined;

afterEach(async () => {
  if (clockOf) await stopAll(clockOf, phones);
  phones = [];
});

async function pbxWorld(keys: Parameters<typeof keysXml>[0], settings: Record<string, unknown> = {}) {
  const clock = new VirtualClock();
  const net = new TappedNet(clock);
  const pbx = await FakePbx.start(net);
  const a = await startMemoryPhone(net, '127.0.0.1', {
    keysXml: keysXml(keys),
    settings: { 'account.1.user': '1001', 'account.1.password': 'pw', 'account.1.server': pbx.address, ...settings },
  });
  phones.push(a);
  clockOf = clock;
  await run(clock, 200);
  expect(a.phone.status().lines[0]!.state).toBe('registered');
  return { clock, net, pbx, a };
}

function lampsOf(a: MemoryPhone): Array<[string, KeyLamp | undefined]> {
  const seen: Array<[string, KeyLamp | undefined]> = [];
  a.phone.events.on('key', (k) => seen.push([k.id, k.lamp]));
  return seen;
}

describe('message waiting (RFC 3842) and the Message key', () => {
  it('subscribes to its own AOR with the Subscribe Period and refreshes in the dialog', async () => {
    const w = await pbxWorld([], { 'account.1.subscribeExpires': 120 });
    const subs = w.pbx.requests('SUBSCRIBE').filter((m) => /\r\nEvent: message-summary/.test(m));
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatch(/^SUBSCRIBE sip:1001@127\.0\.0\.9 SIP\/2\.0/);
    expect(subs[0]).toMatch(/\r\nExpires: 120\r\n/);
    await run(w.clock, 115_000, 500);
    const again = w.pbx.requests('SUBSCRIBE').filter((m) => /\r\nEvent: message-summary/.test(m));
    expect(again.length).toBeGreaterThanOrEqual(2);
    const callId = (m: string) => /\r\nCall-ID: ([^\r]+)/.exec(m)?.[1];
    expect(callId(again[1]!)).toBe(callId(again[0]!));
    expect(again[1]).toMatch(/\r\nTo: [^\r]*;tag=/);
  });

  it('a NOTIFY lights the line with its counts (status and mwi event); an unsolicited one too; the Message key dials voice mail', async () => {
    const w = await pbxWorld([], { 'account.1.voicemailNumber': '*97' });
    const events: MwiEvent[] = [];
    w.a.phone.events.on('mwi', (e) => events.push(e));
    w.pbx.notifyMwi('1001', true, 3, 1);
    await run(w.clock, 100);
    expect(w.a.phone.status().lines[0]!.messages).toEqual({ waiting: true, new: 3, old: 1, urgentNew: 0, urgentOld: 0 });
    expect(events.at(-1)).toEqual({ line: 1, waiting: true, new: 3, old: 1, urgentNew: 0, urgentOld: 0 });

    w.pbx.unsolicitedMwi({ address: '127.0.0.1', port: 5060 }, '1001', false, 0, 4);
    await run(w.clock, 100);
    expect(w.a.phone.status().lines[0]!.messages).toMatchObject({ waiting: false, new: 0, old: 4 });
    expect(w.a.phone.status().lines[1]!.messages).toBeUndefined();

    await w.a.phone.dialVoicemail();
    await run(w.clock, 100);
    expect(w.pbx.requests('INVITE').at(-1)).toMatch(/^INVITE sip:\*97@127\.0\.0\.9 SIP/);
    await expect(w.a.phone.dialVoicemail(2)).rejects.toThrow(/no voice-mail number for line 2/);
  });
});

describe('BLF and BLA keys (RFC 4235 dialog state)', () => {
  it('the lamp follows the NOTIFYs; ringing + press = directed pickup with the pickup code; busy + press = dial', async () => {
    const w = await pbxWorld([{ id: 0, type: 1, number: '1005' }], { 'call.pickupCode': '**', 'account.1.subscribeExpires': 300 });
    const seen = lampsOf(w.a);
    const sub = w.pbx.requests('SUBSCRIBE').find((m) => /\r\nEvent: dialog/.test(m))!;
    expect(sub).toMatch(/^SUBSCRIBE sip:1005@127\.0\.0\.9 SIP\/2\.0/);
    expect(sub).toMatch(/\r\nAccept: application\/dialog-info\+xml\r\n/);
    expect(sub).toMatch(/\r\nExpires: 300\r\n/);
    expect(w.a.phone.programmableKeys()[0]!.lamp).toBe('idle');

    w.pbx.notifyDialog('1005', [{ id: 'd1', state: 'early', callId: 'c1', localTag: 'callee', remoteTag: 'caller', remote: 'sip:1006@127.0.0.9' }]);
    await run(w.clock, 100);
    expect(w.a.phone.programmableKeys()[0]!.lamp).toBe('ringing');
    const press = await w.a.phone.pressProgrammableKey('1');
    expect(press.action).toBe('pickup');
    await run(w.clock, 100);
    expect(w.pbx.requests('INVITE').at(-1)).toMatch(/^INVITE sip:\*\*1005@127\.0\.0\.9 SIP/);

    w.pbx.notifyDialog('1005', [{ id: 'd1', state: 'confirmed' }]);
    await run(w.clock, 100);
    expect((await w.a.phone.pressProgrammableKey('1')).action).toBe('dialed');
    await run(w.clock, 100);
    expect(w.pbx.requests('INVITE').at(-1)).toMatch(/^INVITE sip:1005@127\.0\.0\.9 SIP/);
    w.pbx.notifyDialog('1005', []);
    await run(w.clock, 100);
    expect(seen).toEqual([
      ['1', 'ringing'],
      ['1', 'busy'],
      ['1', 'idle'],
    ]);
    expect(w.a.phone.status().keys![0]!.lamp).toBe('idle');
  });

  it('without a pickup code, a press on a ringing BLF key INVITEs the caller with Replaces (early-only)', async () => {
    const w = await pbxWorld([{ id: 0, type: 1, number: '1005' }]);
    w.pbx.notifyDialog('1005', [{ id: 'd1', state: 'early', callId: 'c1@x', localTag: 'callee', remoteTag: 'caller', remote: 'sip:1006@127.0.0.9' }]);
    await run(w.clock, 100);
    expect((await w.a.phone.pressProgrammableKey('1')).action).toBe('pickup');
    await run(w.clock, 100);
    const invite = w.pbx.requests('INVITE').at(-1)!;
    expect(invite).toMatch(/^INVITE sip:1006@127\.0\.0\.9 SIP/);
    expect(invite).toMatch(/\r\nReplaces: c1@x;to-tag=caller;from-tag=callee;early-only\r\n/);
    // the API's directed pickup finds the same dialog through the key
    await w.a.phone.pickup({ target: '1005' });
    await run(w.clock, 100);
    expect(w.pbx.requests('INVITE').at(-1)).toMatch(/\r\nReplaces: c1@x;to-tag=caller;from-tag=callee;early-only\r\n/);
  });

  it('a line with BLA on watches its BLA Number (line status), even without a key', async () => {
    const w = await pbxWorld([], { 'account.1.bla': true, 'account.1.blaNumber': '1050' });
    expect(w.pbx.requests('SUBSCRIBE').filter((m) => /^SUBSCRIBE sip:1050@127\.0\.0\.9 /.test(m))).toHaveLength(1);
    expect(w.a.phone.status().lines[0]!.sharedLine).toEqual({ number: '1050', lamp: 'idle' });
    w.pbx.notifyDialog('1050', [{ id: 'd', state: 'confirmed' }]);
    await run(w.clock, 100);
    expect(w.a.phone.status().lines[0]!.sharedLine).toEqual({ number: '1050', lamp: 'busy' });
    expect(w.a.phone.status().lines[1]!.sharedLine).toBeUndefined();
  });

  it('a BLA key without a number watches the line BLA Number: ringing picks up, busy is refused', async () => {
    const w = await pbxWorld([{ id: 0, type: 3, number: '' }], { 'account.1.bla': true, 'account.1.blaNumber': '1050', 'call.pickupCode': '*8' });
    expect(w.pbx.requests('SUBSCRIBE').some((m) => /^SUBSCRIBE sip:1050@127\.0\.0\.9 /.test(m) && /\r\nEvent: dialog/.test(m))).toBe(true);
    w.pbx.notifyDialog('1050', [{ id: 'd', state: 'early' }]);
    await run(w.clock, 100);
    expect(w.a.phone.status().lines[0]!.sharedLine).toEqual({ number: '1050', lamp: 'ringing' });
    expect((await w.a.phone.pressProgrammableKey('1')).action).toBe('pickup');
    await run(w.clock, 100);
    expect(w.pbx.requests('INVITE').at(-1)).toMatch(/^INVITE sip:\*81050@127\.0\.0\.9 SIP/);
    w.pbx.notifyDialog('1050', [{ id: 'd', state: 'confirmed' }]);
    await run(w.clock, 100);
    await expect(w.a.phone.pressProgrammableKey('1')).rejects.toThrow(/shared line 1050 is in use/);
  });

  it('BLF Light off un-SUBSCRIBEs and the lamps go unknown', async () => {
    const w = await pbxWorld([{ id: 0, type: 1, number: '1005' }]);
    const seen = lampsOf(w.a);
    w.a.settings.set('keys.blfLight', false);
    await drive(w.clock, Promise.resolve(), 300);
    await run(w.clock, 300);
    const unsub = w.pbx.requests('SUBSCRIBE').filter((m) => /\r\nEvent: dialog/.test(m)).at(-1)!;
    expect(unsub).toMatch(/\r\nExpires: 0\r\n/);
    expect(w.a.phone.programmableKeys()[0]!.lamp).toBe('unknown');
    expect(seen).toEqual([['1', 'unknown']]);
  });
});
