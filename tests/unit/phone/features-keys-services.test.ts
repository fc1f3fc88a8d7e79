/**
 * Hook, hotline, pre-dial, called-no-answer time, dial plan, redial and
 * dialling from the call log and the phonebook, on whole phones in memory
 * (features-keys-world.ts; one VirtualClock, so every delay is exact).
 * Phone A (127.0.0.1) acts, phone B (127.0.0.2) is called. Proves:
 *  - hotline immediate: off-hook INVITEs the hot number at once;
 *  - hotline delayed: off-hook gives a dial tone, the INVITE goes exactly
 *    `call.hotline.delay` s later; a key before that cancels it and the keys
 *    are dialled instead; on-hook cancels it too;
 *  - off-hook answers a ringing call; on-hook hangs up the call in the
 *    handset (B sees the BYE) and clears the pre-dial;
 *  - keys sent by the dial timeout (5 s after the last key);
 *  - called no answer: an outgoing call not answered in time is cancelled
 *    (CANCEL at exactly N s), an incoming one refused with 408;
 *  - dial plan: longest prefix, insert then delete, prefix → IP direct call;
 *    bad tables are refused whole;
 *  - redial dials the last call's URI; a call log entry and a phonebook
 *    contact (office / mobile / first set, on its account) are dialled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { applyRule, matchRule, type DialPlanRule } from '../../../src/phone/index.js';
import { TappedNet, callWhere, drive, run, startMemoryPhone, stopAll, type MemoryPhone } from './features-keys-world.js';

const B = '127.0.0.2';
let phones: MemoryPhone[] = [];
let clockOf: VirtualClock | undefined;

afterEach(async () => {
  if (clockOf) await stopAll(clockOf, phones);
  phones = [];
});

async function world(aSettings: Record<string, unknown> = {}, bSettings: Record<string, unknown> = {}) {
  const clock = new VirtualClock();
  const net = new TappedNet(clock);
  const a = await startMemoryPhone(net, '127.0.0.1', { settings: aSettings });
  const b = await startMemoryPhone(net, B, { settings: bSettings, toneHz: 1100 });
  phones.push(a, b);
  clockOf = clock;
  const invitesAt: number[] = [];
  const seen = new Set<string>();
  b.phone.events.on('call', (c) => {
    if (c.direction !== 'incoming' || seen.has(c.id)) return;
    seen.add(c.id);
    invitesAt.push(clock.now());
  });
  return { clock, net, a, b, invitesAt };
}

describe('hook and hotline', () => {
  it('hotline immediate: off-hook dials the hot number at once', async () => {
    const w = await world({ 'call.hotline.mode': 'immediate', 'call.hotline.number': B });
    const r = await w.a.phone.offHook();
    expect(r.action).toBe('hotline');
    await run(w.clock, 40);
    expect(w.invitesAt).toEqual([0]);
    expect(w.net.requests('INVITE', B)[0]).toMatch(/^INVITE sip:127\.0\.0\.2 SIP/);
  });

  it('hotline delayed: dial tone, then the hot number after the delay; a key cancels it; on-hook cancels it', async () => {
    const w = await world({ 'call.hotline.mode': 'delay', 'call.hotline.number': B, 'call.hotline.delay': 3 });
    const r = await w.a.phone.offHook();
    expect(r).toMatchObject({ action: 'dial-tone', hook: { offHook: true, predial: { digits: '' }, hotlineInMs: 3000 } });
    await run(w.clock, 2980);
    expect(w.invitesAt).toEqual([]);
    await run(w.clock, 60);
    expect(w.invitesAt).toHaveLength(1);
    expect(w.invitesAt[0]).toBeGreaterThanOrEqual(3000);
    expect(w.invitesAt[0]).toBeLessThan(3040);
    expect((await drive(w.clock, w.a.phone.onHook())).action).toBe('hung-up');
    await run(w.clock, 500);
    expect(w.net.requests('CANCEL', B)).toHaveLength(1);

    // a key within the delay: no hotline, the keys are the number
    await w.a.phone.offHook();
    await run(w.clock, 1000);
    await w.a.phone.predial('127*0*0*');
    expect(w.a.phone.status().hook).toEqual({ offHook: true, predial: { digits: '127*0*0*' } });
    await run(w.clock, 2500);
    expect(w.invitesAt).toHaveLength(1);
    const sent = await w.a.phone.predial('2#');
    expect(sent.callId).toBeDefined();
    await run(w.clock, 40);
    expect(w.invitesAt).toHaveLength(2);
    await drive(w.clock, w.a.phone.onHook());

    // on-hook before the delay: nothing is dialled
    await w.a.phone.offHook();
    await run(w.clock, 1000);
    await drive(w.clock, w.a.phone.onHook());
    await run(w.clock, 5000);
    expect(w.invitesAt).toHaveLength(2);
    expect(w.a.phone.status().hook).toEqual({ offHook: false });
  });

  it('off-hook answers a ringing call; on-hook hangs it up (BYE)', async () => {
    const w = await world();
    await w.b.phone.dial('127.0.0.1');
    const inc = await callWhere(w.clock, w.a.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    const r = await w.a.phone.offHook();
    expect(r).toMatchObject({ action: 'answered', callId: inc.id });
    await callWhere(w.clock, w.a.phone, (c) => c.id === inc.id && c.state === 'connected');
    const down = await drive(w.clock, w.a.phone.onHook());
    expect(down).toMatchObject({ action: 'hung-up', callId: inc.id, hook: { offHook: false } });
    await run(w.clock, 200);
    expect(w.net.requests('BYE', B)).toHaveLength(1);
  });

  it('keys are sent by the dial timeout, 5 s after the last one', async () => {
    const w = await world();
    await w.a.phone.predial('127*0*0*');
    await run(w.clock, 2000);
    await w.a.phone.predial('2');
    await run(w.clock, 4980);
    expect(w.invitesAt).toEqual([]);
    await run(w.clock, 60);
    expect(w.invitesAt).toHaveLength(1);
    expect(w.invitesAt[0]! - 7000).toBeLessThan(40);
  });
});

describe('called no answer time', () => {
  it('cancels an outgoing call not answered in time', async () => {
    const w = await world({ 'call.noAnswerTimeoutEnabled': true, 'call.noAnswerTimeout': 5 });
    const { id } = await w.a.phone.dial(B);
    await run(w.clock, 4900);
    expect(w.net.requests('CANCEL', B)).toHaveLength(0);
    await run(w.clock, 300);
    expect(w.net.requests('CANCEL', B)).toHaveLength(1);
    const ended = await callWhere(w.clock, w.a.phone, (c) => c.id === id && c.state === 'ended');
    expect(ended.answeredAt).toBeUndefined();
    // an answered call is left alone
    const second = await w.a.phone.dial(B);
    const inc = await callWhere(w.clock, w.b.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    await w.b.phone.answer(inc.id);
    await run(w.clock, 10_000, 100);
    expect(w.a.phone.calls().find((c) => c.id === second.id)?.state).toBe('connected');
  });

  it('refuses an incoming call not answered in time with 408', async () => {
    const w = await world({}, { 'call.noAnswerTimeoutEnabled': true, 'call.noAnswerTimeout': 5 });
    const { id } = await w.a.phone.dial(B);
    await run(w.clock, 5200);
    const ended = await callWhere(w.clock, w.a.phone, (c) => c.id === id && c.state === 'ended');
    expect(ended.endReason).toMatch(/408/);
  });
});

describe('dial plan', () => {
  const rules: DialPlanRule[] = [
    { id: 1, prefix: '9', remove: { position: 0, count: 1 } },
    { id: 2, prefix: '90', insert: { position: 2, digits: '55' }, remove: { position: 0, count: 2 } },
    { id: 3, prefix: '8', ip: '127.0.0.2', remove: { position: 0, count: 1 } },
  ];

  it('matches the longest prefix, inserts then deletes, and calls the IP of a rule directly', async () => {
    expect(matchRule(rules, '9123')?.id).toBe(1);
    expect(matchRule(rules, '9012')?.id).toBe(2);
    expect(matchRule(rules, '7')).toBeUndefined();
    expect(applyRule(rules[0]!, '9123')).toBe('123');
    expect(applyRule(rules[1]!, '9012')).toBe('5512');
    expect(applyRule(rules[2]!, '81005')).toBe('1005@127.0.0.2');
    expect(applyRule({ id: 9, prefix: '1', insert: { position: 40, digits: '#' } }, '12')).toBe('12#');

    const w = await world();
    expect(w.a.phone.setDialPlan(rules)).toEqual(rules);
    expect(w.a.phone.dialPlan()).toEqual(rules);
    await w.a.phone.dial('81005');
    await run(w.clock, 40);
    expect(w.net.requests('INVITE', B)[0]).toMatch(/^INVITE sip:1005@127\.0\.0\.2 SIP/);
    // a URI or user@host is not a dialled number: no rule applies
    await w.a.phone.dial(`8@${B}`);
    await run(w.clock, 40);
    expect(w.net.requests('INVITE', B)[1]).toMatch(/^INVITE sip:8@127\.0\.0\.2 SIP/);
  });

  it('refuses a bad table whole', async () => {
    const w = await world();
    w.a.phone.setDialPlan(rules);
    expect(() => w.a.phone.setDialPlan([{ id: 1, prefix: '9' }, { id: 1, prefix: '8' }])).toThrow(/unique/);
    expect(() => w.a.phone.setDialPlan([{ id: 1, prefix: 'x9' }])).toThrow(/prefix/);
    expect(() => w.a.phone.setDialPlan([{ id: 1, prefix: '9', ip: 'pbx.example' }])).toThrow(/ip/);
    expect(w.a.phone.dialPlan()).toEqual(rules);
    expect(w.a.phone.setDialPlan([])).toEqual([]);
  });
});

describe('redial, call log and phonebook', () => {
  it('redials the last URI; dials a call log entry and a contact number', async () => {
    const w = await world();
    await expect(w.a.phone.redial()).rejects.toThrow(/nothing to redial/);
    const first = await w.a.phone.dial('1005@127.0.0.2');
    await run(w.clock, 100);
    await drive(w.clock, w.a.phone.hangup(first.id));
    await run(w.clock, 500);
    await w.a.phone.redial();
    await run(w.clock, 100);
    const invites = w.net.requests('INVITE', B);
    expect(invites.at(-1)).toMatch(/^INVITE sip:1005@127\.0\.0\.2 SIP/);

    const entry = w.a.db.callHistory.add({ type: 'received', time: 1, line: 1, remoteUri: 'sip:2002@127.0.0.2', number: '2002' });
    await w.a.phone.dialFromHistory(entry.id);
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:2002@127\.0\.0\.2 SIP/);
    await expect(w.a.phone.dialFromHistory(99_999)).rejects.toThrow(/no call history entry/);

    const c = w.a.db.contacts.add({ firstName: 'Bo', office: '', mobile: '3003@127.0.0.2', other: '4004@127.0.0.2' });
    await w.a.phone.dialContact(c.id);
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:3003@127\.0\.0\.2 SIP/);
    await w.a.phone.dialContact(c.id, 'other');
    await run(w.clock, 100);
    expect(w.net.requests('INVITE', B).at(-1)).toMatch(/^INVITE sip:4004@127\.0\.0\.2 SIP/);
    await expect(w.a.phone.dialContact(c.id, 'office')).rejects.toThrow(/has no office number/);
  });
});
