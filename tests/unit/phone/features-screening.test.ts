/**
 * The screening features of issue #4 (features/index.ts order: IP strategy,
 * banlist, anonymous rejection, DND, forward always / busy, call waiting)
 * on a fake phone context with real settings and database: which decision an
 * incoming INVITE gets, with which status, and that the registry keys change
 * it live. Real-peer proof: tests/integration/phone/features-incoming-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ANONYMITY_DISALLOWED,
  anonymousFeature,
  banlistFeature,
  callWaitingFeature,
  defaultFeatures,
  dndFeature,
  forwardingFeature,
  ipAllowed,
  ipStrategyFeature,
  readIpStrategyList,
  writeIpStrategyList,
  type PhoneFeature,
} from '../../../src/phone/index.js';
import { FakeCall, fakeLine, featureTestBed, type FeatureTestBed } from './features-fixture.js';

function screening(bed: FeatureTestBed): PhoneFeature[] {
  return [ipStrategyFeature, banlistFeature, anonymousFeature, dndFeature, forwardingFeature(), callWaitingFeature].map((f) => f(bed.ctx));
}

describe('feature order', () => {
  it('the phone lists the screening features in the manual priority, then call log and line view', () => {
    const bed = featureTestBed();
    const names = defaultFeatures().map((f) => f(bed.ctx).name);
    const mine = ['ip-strategy', 'banlist', 'anonymous', 'dnd', 'forwarding', 'call-waiting', 'auto-answer', 'call-log', 'line-features'];
    expect(names.filter((n) => mine.includes(n))).toEqual(mine);
  });
});

describe('DND', () => {
  it('rings by default; global DND refuses every line with call.dndCode (480)', () => {
    const bed = featureTestBed();
    const fs = screening(bed);
    expect(bed.screen(fs)).toBeUndefined();
    bed.set({ 'call.dnd': true });
    expect(bed.screen(fs, { line: 1 })).toEqual({ action: 'reject', status: 480 });
    expect(bed.screen(fs, { line: 2 })).toEqual({ action: 'reject', status: 480 });
    expect(bed.featureEvents.map((e) => [e.feature, e.line, e.detail])).toEqual([
      ['dnd', 1, '480'],
      ['dnd', 2, '480'],
    ]);
  });

  it('line DND refuses only that line, with the configured code', () => {
    const bed = featureTestBed();
    const fs = screening(bed);
    bed.set({ 'account.2.dnd': true, 'call.dndCode': '603' });
    expect(bed.screen(fs, { line: 1 })).toBeUndefined();
    expect(bed.screen(fs, { line: 2 })).toEqual({ action: 'reject', status: 603 });
  });

  it('DND comes before forward always (a phone in DND refuses)', () => {
    const bed = featureTestBed();
    bed.set({ 'call.dnd': true, 'call.forwardAlways': true, 'call.forwardAlwaysNumber': '2000' });
    expect(bed.screen(screening(bed))).toMatchObject({ action: 'reject', status: 480 });
  });
});

describe('banlist', () => {
  it('refuses a banned From user with call.refuseCode, per account or for all', () => {
    const bed = featureTestBed();
    const fs = screening(bed);
    bed.set({ 'call.refuseCode': '603' });
    bed.db.banlist.add({ mobile: '1002', account: 2 });
    bed.db.banlist.add({ office: '777', account: 'auto' });
    expect(bed.screen(fs, { line: 1 })).toBeUndefined();
    expect(bed.screen(fs, { line: 2 })).toEqual({ action: 'reject', status: 603 });
    expect(bed.screen(fs, { line: 1, from: '<sip:777@pbx.example>' })).toEqual({ action: 'reject', status: 603 });
    expect(bed.featureEvents.map((e) => e.feature)).toEqual(['banlist', 'banlist']);
  });

  it('also matches the identity a proxy asserted (P-Asserted-Identity)', () => {
    const bed = featureTestBed();
    bed.db.banlist.add({ mobile: '5551234' });
    const invite = { from: '<sip:trunk@pbx.example>', headers: ['P-Asserted-Identity: "Spam" <sip:5551234@pbx.example>'] };
    expect(bed.screen(screening(bed), invite)).toEqual({ action: 'reject', status: 486 });
  });
});

describe('anonymous call rejection', () => {
  it('433 Anonymity Disallowed for an anonymous caller when the line asks; rings otherwise', () => {
    const bed = featureTestBed();
    const fs = screening(bed);
    expect(bed.screen(fs, { anonymous: true })).toBeUndefined();
    bed.set({ 'account.1.anonymousCallReject': true });
    expect(bed.screen(fs, { anonymous: true })).toEqual({ action: 'reject', status: ANONYMITY_DISALLOWED, reason: 'Anonymity Disallowed' });
    expect(bed.screen(fs, { line: 2, anonymous: true })).toBeUndefined();
    expect(bed.screen(fs, { anonymous: false })).toBeUndefined();
  });

  it('anonymous call: every outgoing call of that line hides our identity', () => {
    const bed = featureTestBed();
    const f = anonymousFeature(bed.ctx);
    const line1 = bed.lines[0] as never;
    const line2 = bed.lines[1] as never;
    const uri = {} as never;
    expect(f.prepareCall!({ line: line1, uri }).anonymous).toBeUndefined();
    bed.set({ 'account.1.anonymousCall': true });
    expect(f.prepareCall!({ line: line1, uri }).anonymous).toBe(true);
    expect(f.prepareCall!({ line: line2, uri }).anonymous).toBeUndefined();
    // a call that chose already keeps its choice
    expect(f.prepareCall!({ line: line1, uri, anonymous: false }).anonymous).toBe(false);
  });
});

describe('IP strategy', () => {
  it('addresses and IPv4 ranges are stored as a list; bad entries refuse the whole list', () => {
    const bed = featureTestBed();
    expect(readIpStrategyList(bed.db)).toEqual([]);
    expect(writeIpStrategyList(bed.db, [' 192.0.2.1 ', '198.51.100.0/24', '2001:db8::1', '192.0.2.1'])).toEqual({
      ok: true,
      addresses: ['192.0.2.1', '198.51.100.0/24', '2001:db8::1'],
    });
    expect(writeIpStrategyList(bed.db, ['192.0.2.1', 'pbx.example'])).toMatchObject({ ok: false });
    expect(writeIpStrategyList(bed.db, ['10.0.0.0/33'])).toMatchObject({ ok: false });
    expect(readIpStrategyList(bed.db)).toEqual(['192.0.2.1', '198.51.100.0/24', '2001:db8::1']);
    expect(ipAllowed(readIpStrategyList(bed.db), '198.51.100.77')).toBe(true);
    expect(ipAllowed(readIpStrategyList(bed.db), '::ffff:192.0.2.1')).toBe(true);
    expect(ipAllowed(readIpStrategyList(bed.db), '198.51.101.1')).toBe(false);
    expect(ipAllowed(['0.0.0.0/0'], '203.0.113.9')).toBe(true);
  });

  it('when on, refuses sources not listed with the refuse code; our own server is always allowed', async () => {
    const server = { protocol: 'udp' as const, host: '203.0.113.5', port: 5060 };
    const bed = featureTestBed([fakeLine(1, 'pbx.example', [server]), fakeLine(2)]);
    const fs = screening(bed);
    await fs[0]!.start?.();
    await bed.clock.advanceAsync(0);
    writeIpStrategyList(bed.db, ['192.0.2.0/24']);
    const stranger = { protocol: 'udp' as const, host: '198.51.100.9', port: 5060 };
    expect(bed.screen(fs, { source: stranger })).toBeUndefined();
    bed.set({ 'ipStrategy.enabled': true });
    expect(bed.screen(fs, { source: stranger })).toEqual({ action: 'reject', status: 486 });
    expect(bed.screen(fs, { source: { protocol: 'udp', host: '192.0.2.200', port: 5070 } })).toBeUndefined();
    expect(bed.screen(fs, { source: server })).toBeUndefined();
    // the server's address from another UDP port is not the server
    expect(bed.screen(fs, { source: { ...server, port: 5099 } })).toMatchObject({ action: 'reject' });
    // over TCP the server connects from any port
    expect(bed.screen(fs, { source: { protocol: 'tcp', host: server.host, port: 40123 } })).toBeUndefined();
    expect(bed.featureEvents.filter((e) => e.feature === 'ip-strategy')).toHaveLength(2);
    fs[0]!.stop?.();
  });
});

describe('forwarding and call waiting', () => {
  it('forward always: 302 to the number as a URI on the line; status of the line shows it', () => {
    const bed = featureTestBed();
    bed.set({ 'call.forwardAlways': true, 'call.forwardAlwaysNumber': '2000' });
    expect(bed.screen(screening(bed))).toEqual({ action: 'redirect', target: 'sip:2000@pbx.example' });
    expect(bed.featureEvents.at(-1)).toMatchObject({ feature: 'forward', detail: 'always sip:2000@pbx.example' });
  });

  it('a forward without a usable number is not in force', () => {
    const bed = featureTestBed([fakeLine(1, null)]);
    bed.set({ 'call.forwardAlways': true, 'call.forwardAlwaysNumber': '2000' });
    // a peer-to-peer line cannot dial a bare number
    expect(bed.screen(screening(bed))).toBeUndefined();
    bed.set({ 'call.forwardAlwaysNumber': '192.0.2.9' });
    expect(bed.screen(screening(bed))).toEqual({ action: 'redirect', target: 'sip:192.0.2.9' });
  });

  it('call waiting on: a second call rings; off: 486, or the busy forward when set', () => {
    const bed = featureTestBed();
    const fs = screening(bed);
    bed.calls.push(new FakeCall('talking', 1, 'outgoing', 'connected'));
    expect(bed.screen(fs)).toBeUndefined();
    bed.set({ 'call.callWaiting': false });
    expect(bed.screen(fs)).toEqual({ action: 'reject', status: 486 });
    expect(bed.featureEvents.at(-1)).toMatchObject({ feature: 'busy', detail: '486' });
    bed.set({ 'call.forwardBusy': true, 'call.forwardBusyNumber': '3000' });
    expect(bed.screen(fs)).toEqual({ action: 'redirect', target: 'sip:3000@pbx.example' });
  });

  it('with call waiting on, the line is busy once its line keys are taken', () => {
    const bed = featureTestBed();
    const fs = screening(bed);
    bed.set({ 'account.1.lineKeys': 2 });
    bed.calls.push(new FakeCall('one', 1, 'outgoing', 'connected'), new FakeCall('two', 1, 'incoming', 'held'));
    expect(bed.screen(fs, { line: 1 })).toEqual({ action: 'reject', status: 486 });
    // line 2 has keys free
    expect(bed.screen(fs, { line: 2 })).toBeUndefined();
  });

  it('busy forward is not used while the phone is idle or call waiting takes the call', () => {
    const bed = featureTestBed();
    bed.set({ 'call.forwardBusy': true, 'call.forwardBusyNumber': '3000' });
    expect(bed.screen(screening(bed))).toBeUndefined();
    bed.calls.push(new FakeCall('talking', 1, 'outgoing', 'connected'));
    expect(bed.screen(screening(bed))).toBeUndefined();
  });
});
