/**
 * Programmable keys of whole phones in memory (features-keys-world.ts: real
 * Phone objects, default features, one VirtualClock, SIP and RTP over the
 * in-memory network; every SIP request tapped). Phone A (127.0.0.1) has the
 * keys; phone B (127.0.0.2) is the far end. Proves, from the SIP on the wire:
 *  - the list: memory keys "1".."16" and expansion keys "e<m>-<k>" with
 *    function, line, number, label; BLF/BLA lamps 'unknown' without a server;
 *    status().keys is the same list;
 *  - speed dial INVITEs the key's number; intercom INVITEs it with
 *    Alert-Info ...;info=alert-autoanswer and Call-Info ...;answer-after=0;
 *  - speed dial prefix opens the pre-dial with the prefix, the rest typed
 *    with '#' dials prefix + rest;
 *  - DTMF sends its digits in the connected call (B gets them as RFC 4733
 *    events) and is refused without a call;
 *  - pickup dials pickup code + number (a dial plan rule sends "**" codes to
 *    B directly, so the INVITE is visible), group pickup the code alone; with
 *    pickup switched off it is refused;
 *  - BLF with an unknown lamp dials the extension; BLA opens the pre-dial on
 *    its line;
 *  - park without a call dials the park number; with a call it REFERs the
 *    call to the park target (Refer-To) and, once accepted, ends our leg;
 *  - an unknown key is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { PhoneError } from '../../../src/phone/index.js';
import { TappedNet, callWhere, drive, keysXml, run, startMemoryPhone, stopAll, type MemoryPhone } from './features-keys-world.js';

const B = '127.0.0.2';
let phones: MemoryPhone[] = [];
let clockOf: VirtualClock | undefined;

afterEach(async () => {
  if (clockOf) await stopAll(clockOf, phones);
  phones = [];
});

async function world(keys: Parameters<typeof keysXml>[0], settings: Record<string, unknown> = {}, extraXml = '') {
  const clock = new VirtualClock();
  const net = new TappedNet(clock);
  const xml = extraXml ? keysXml(keys).replace('</all>', `${extraXml}</all>`) : keysXml(keys);
  const a = await startMemoryPhone(net, '127.0.0.1', { keysXml: xml, settings });
  const b = await startMemoryPhone(net, B, { toneHz: 1100 });
  phones.push(a, b);
  clockOf = clock;
  return { clock, net, a, b };
}

/** A calls B, B answers: both connected. */
async function connect(w: Awaited<ReturnType<typeof world>>) {
  const { id } = await w.a.phone.dial(B);
  const inc = await callWhere(w.clock, w.b.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
  await w.b.phone.answer(inc.id);
  await callWhere(w.clock, w.a.phone, (c) => c.id === id && c.state === 'connected');
  return { aCall: id, bCall: inc.id };
}

describe('programmable keys: list and status', () => {
  it('lists memory and expansion keys with function, line, number and label; lamps unknown without a server', async () => {
    const w = await world(
      [
        { id: 0, type: 1, number: '1005', name: 'Bob' },
        { id: 2, type: 5, number: B, name: 'B', account: 127 },
        { id: 3, type: 3, number: '', name: 'Shared' },
      ],
      {},
      '<Extensions><extension id="4" ID="4" HotlineNum="2001" SipAccounts="1" Type="9" Name="Pick"/></Extensions>',
    );
    const keys = w.a.phone.programmableKeys();
    expect(keys).toEqual([
      { id: '1', index: 1, function: 'blf', line: 1, number: '1005', label: 'Bob', lamp: 'unknown' },
      { id: '3', index: 3, function: 'speed-dial', line: 'auto', number: B, label: 'B' },
      { id: '4', index: 4, function: 'bla', line: 1, number: '', label: 'Shared', lamp: 'unknown' },
      { id: 'e1-5', module: 1, index: 5, function: 'pickup', line: 2, number: '2001', label: 'Pick' },
    ]);
    expect(w.a.phone.status().keys).toEqual(keys);
    await expect(w.a.phone.pressProgrammableKey('2')).rejects.toThrow(PhoneError);
    await expect(w.a.phone.pressProgrammableKey({ module: 1, index: 5 })).rejects.toThrow(/pickup code/);
  });
});

describe('programmable keys: what a press does', () => {
  it('speed dial INVITEs the number; intercom adds the auto-answer headers', async () => {
    const w = await world([
      { id: 0, type: 5, number: B },
      { id: 1, type: 8, number: B },
    ]);
    const r = await w.a.phone.pressProgrammableKey(1);
    expect(r).toMatchObject({ key: '1', action: 'dialed' });
    await callWhere(w.clock, w.b.phone, (c) => c.direction === 'incoming');
    const [plain] = w.net.requests('INVITE', B);
    expect(plain).toMatch(/^INVITE sip:127\.0\.0\.2 SIP\/2\.0/);
    expect(plain).not.toMatch(/Alert-Info|Call-Info/);
    await w.a.phone.hangup(r.callId!);
    await run(w.clock, 200);

    const ic = await w.a.phone.pressProgrammableKey('2');
    expect(ic.action).toBe('dialed');
    await run(w.clock, 100);
    const intercom = w.net.requests('INVITE', B).at(-1)!;
    expect(intercom).toMatch(/\r\nAlert-Info: <sip:[^>]+>;info=alert-autoanswer\r\n/);
    expect(intercom).toMatch(/\r\nCall-Info: <sip:[^>]+>;answer-after=0\r\n/);
  });

  it('speed dial prefix opens the pre-dial with the prefix; the rest and # dial it', async () => {
    const w = await world([{ id: 0, type: 2, number: '127*0*0*' }]);
    expect(await w.a.phone.pressProgrammableKey('1')).toEqual({ key: '1', action: 'predial' });
    expect(w.a.phone.status().hook?.predial).toEqual({ line: 1, digits: '127*0*0*' });
    const sent = await w.a.phone.predial('2#');
    expect(sent.callId).toBeDefined();
    await callWhere(w.clock, w.b.phone, (c) => c.direction === 'incoming');
    expect(w.net.requests('INVITE', B)[0]).toMatch(/^INVITE sip:127\.0\.0\.2 SIP/);
    expect(w.a.phone.status().hook?.predial).toBeUndefined();
  });

  it('DTMF sends the key digits in the connected call, and is refused without one', async () => {
    const w = await world([{ id: 0, type: 4, number: '*5#' }]);
    await expect(w.a.phone.pressProgrammableKey('1')).rejects.toThrow(/needs a call/);
    const { aCall, bCall } = await connect(w);
    const got: string[] = [];
    w.b.phone.events.on('dtmf', (e) => e.callId === bCall && got.push(`${e.digit}/${e.method}`));
    expect(await w.a.phone.pressProgrammableKey('1')).toEqual({ key: '1', action: 'dtmf', callId: aCall });
    await run(w.clock, 2000);
    expect(got).toEqual(['*/rfc4733', '5/rfc4733', '#/rfc4733']);
  });

  it('pickup dials the pickup code + number (group pickup: the code); refused when pickup is off', async () => {
    const w = await world(
      [
        { id: 0, type: 9, number: '1005' },
        { id: 1, type: 9, number: '' },
      ],
      { 'call.pickupCode': '**' },
    );
    // the lines have no server: a dial plan rule sends "**" codes straight to B
    w.a.phone.setDialPlan([{ id: 1, prefix: '**', ip: B }]);
    expect((await w.a.phone.pressProgrammableKey('1')).action).toBe('pickup');
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:\*\*1005@127\.0\.0\.2 SIP/);
    expect((await w.a.phone.pressProgrammableKey('2')).action).toBe('pickup');
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:\*\*@127\.0\.0\.2 SIP/);
    w.a.settings.set('call.pickup', false);
    await expect(w.a.phone.pressProgrammableKey('1')).rejects.toThrow(/pickup is switched off/);
    await expect(w.a.phone.pickup({ target: '1005' })).rejects.toThrow(/pickup is switched off/);
  });

  it('BLF with no lamp dials the extension; BLA seizes its line (pre-dial on line 1)', async () => {
    const w = await world([
      { id: 0, type: 1, number: '1005' },
      { id: 1, type: 3, number: '1006' },
    ]);
    w.a.phone.setDialPlan([{ id: 1, prefix: '10', ip: B }]);
    expect((await w.a.phone.pressProgrammableKey('1')).action).toBe('dialed');
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:1005@127\.0\.0\.2 SIP/);
    expect(await w.a.phone.pressProgrammableKey('2')).toEqual({ key: '2', action: 'predial' });
    expect(w.a.phone.status().hook?.predial).toEqual({ line: 1, digits: '' });
  });

  it('park: with no call dials the park number; with a call REFERs it to the park target and ends our leg', async () => {
    const w = await world([{ id: 0, type: 7, number: `700@${B}` }]);
    const dialled = await w.a.phone.pressProgrammableKey('1');
    expect(dialled.action).toBe('dialed');
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:700@127\.0\.0\.2 SIP/);
    await w.a.phone.hangup(dialled.callId!);
    await run(w.clock, 500);

    const { aCall } = await connect(w);
    const parked = await drive(w.clock, w.a.phone.pressProgrammableKey('1'));
    expect(parked).toEqual({ key: '1', action: 'parked', callId: aCall });
    const refer = w.net.requests('REFER', B).at(-1)!;
    expect(refer).toMatch(/\r\nRefer-To: <?sip:700@127\.0\.0\.2>?\r\n/);
    expect(refer).toMatch(/\r\nReferred-By: /);
    await run(w.clock, 500);
    expect(w.a.phone.calls().find((c) => c.id === aCall)?.state).toBe('ended');
    expect(w.net.requests('BYE', B).length).toBeGreaterThanOrEqual(1);
  });
});
