/**
 * The features that act on a ringing call after a while, on a virtual clock:
 * auto answer (delay, mode, group, Answer-Mode: Manual, not beside another
 * call), intercom requests read from Answer-Mode / Call-Info / Alert-Info
 * (RFC 5373 and the PBX forms), and the no-answer forward after "Ring
 * Frequency" rings (6 s each), cancelled by an answer.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage, type SipRequest } from '../../../src/sip/index.js';
import {
  AUTO_ANSWER_DELAY_MS,
  RING_CYCLE_MS,
  autoAnswerFeature,
  autoAnswerRequest,
  forwardingFeature,
  manualAnswerRequested,
} from '../../../src/phone/index.js';
import { FakeCall, featureTestBed, type FeatureTestBed, type InviteOptions } from './features-fixture.js';

function request(headers: string[]): SipRequest {
  const text =
    'INVITE sip:1001@pbx.example SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK-x\r\nFrom: <sip:a@pbx.example>;tag=1\r\n' +
    'To: <sip:1001@pbx.example>\r\nCall-ID: x@y\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n' +
    headers.map((h) => `${h}\r\n`).join('') +
    'Content-Length: 0\r\n\r\n';
  const r = parseMessage(Buffer.from(text));
  if (!r.ok) throw new Error('bad test message');
  return r.message as SipRequest;
}

describe('intercom requests in an INVITE', () => {
  it.each([
    [['Answer-Mode: Auto'], { via: 'Answer-Mode', delayS: 0 }],
    [['Answer-Mode: Auto;require'], { via: 'Answer-Mode', delayS: 0 }],
    [['Priv-Answer-Mode: Auto'], { via: 'Priv-Answer-Mode', delayS: 0 }],
    [['Call-Info: <sip:pbx.example>;answer-after=0'], { via: 'Call-Info', delayS: 0 }],
    [['Call-Info: <http://pbx.example/photo.png>;purpose=icon, <sip:pbx.example>;answer-after=3'], { via: 'Call-Info', delayS: 3 }],
    [['Alert-Info: <http://www.notused.com>;info=alert-autoanswer;delay=2'], { via: 'Alert-Info', delayS: 2 }],
    [['Alert-Info: info=intercom'], { via: 'Alert-Info', delayS: 0 }],
    [['Alert-Info: <http://x>;answer-after=1'], { via: 'Alert-Info', delayS: 1 }],
    [['Alert-Info: Ring Answer'], { via: 'Alert-Info', delayS: 0 }],
    [['Call-Info: <sip:pbx.example>;answer-after=9999'], { via: 'Call-Info', delayS: 60 }],
  ])('%j', (headers, expected) => {
    expect(autoAnswerRequest(request(headers))).toEqual(expected);
  });

  it.each([[[]], [['Answer-Mode: Manual']], [['Alert-Info: <http://pbx.example/ring3.wav>']], [['Call-Info: <http://x/icon>;purpose=icon']]])(
    'no request in %j',
    (headers) => {
      expect(autoAnswerRequest(request(headers))).toBeUndefined();
    },
  );

  it('Answer-Mode: Manual asks not to answer by ourselves', () => {
    expect(manualAnswerRequested(request(['Answer-Mode: Manual']))).toBe(true);
    expect(manualAnswerRequested(request(['Answer-Mode: Auto']))).toBe(false);
  });
});

/** An incoming call that rang: onCallAdded of `features` as the phone calls it. */
function ring(bed: FeatureTestBed, features: ReturnType<ReturnType<typeof autoAnswerFeature>>[], opts: InviteOptions = {}): FakeCall {
  const invite = bed.invite(opts);
  for (const f of features) f.onCallAdded?.(invite.call as never, invite as never);
  return invite.call;
}

describe('auto answer', () => {
  it('off by default; on: answers after the delay (3 s by default) and reports the mode', () => {
    const bed = featureTestBed();
    const f = autoAnswerFeature()(bed.ctx);
    const plain = ring(bed, [f]);
    bed.clock.advance(10_000);
    expect(plain.log.answered).toBe(0);
    plain.end('cancelled');

    bed.set({ 'call.autoAnswer': true, 'call.autoAnswerMode': 'handset' });
    const call = ring(bed, [f]);
    bed.clock.advance(AUTO_ANSWER_DELAY_MS - 1);
    expect(call.log.answered).toBe(0);
    bed.clock.advance(1);
    expect(call.log.answered).toBe(1);
    expect(bed.featureEvents.at(-1)).toEqual({ callId: call.id, line: 1, feature: 'auto-answer', detail: 'handset' });
    call.end('remote hangup');

    // Auto Answer Delay (call.autoAnswerDelay, s): 0 answers at once, 10 after ten seconds
    bed.set({ 'call.autoAnswerDelay': 0 });
    const now = ring(bed, [f]);
    bed.clock.advance(0);
    expect(now.log.answered).toBe(1);
    now.end('remote hangup');
    bed.set({ 'call.autoAnswerDelay': 10 });
    const slow = ring(bed, [f]);
    bed.clock.advance(9_999);
    expect(slow.log.answered).toBe(0);
    bed.clock.advance(1);
    expect(slow.log.answered).toBe(1);
  });

  it('the line switch alone turns it on for that line', () => {
    const bed = featureTestBed();
    const f = autoAnswerFeature({ delayMs: 100 })(bed.ctx);
    bed.set({ 'account.2.autoAnswer': true });
    const one = ring(bed, [f], { line: 1 });
    bed.clock.advance(200);
    expect(one.log.answered).toBe(0);
    one.end('cancelled');
    const two = ring(bed, [f], { line: 2 });
    bed.clock.advance(200);
    expect(two.log.answered).toBe(1);
  });

  it('a call that ends or is answered before the delay is left alone', () => {
    const bed = featureTestBed();
    bed.set({ 'call.autoAnswer': true });
    const f = autoAnswerFeature({ delayMs: 1000 })(bed.ctx);
    const call = ring(bed, [f]);
    call.end('cancelled by caller');
    bed.clock.advance(2000);
    expect(call.log.answered).toBe(0);
  });

  it('not beside another call, not against Answer-Mode: Manual, only the auto-answer group', () => {
    const bed = featureTestBed();
    bed.set({ 'call.autoAnswer': true });
    const f = autoAnswerFeature({ delayMs: 100 })(bed.ctx);
    const talking = new FakeCall('talking', 1, 'outgoing', 'connected');
    bed.calls.push(talking);
    const waiting = ring(bed, [f]);
    bed.clock.advance(200);
    expect(waiting.log.answered).toBe(0);
    waiting.end('cancelled');
    talking.end('local hangup');

    const manual = ring(bed, [f], { headers: ['Answer-Mode: Manual'] });
    bed.clock.advance(200);
    expect(manual.log.answered).toBe(0);
    manual.end('cancelled');

    const group = bed.db.groups.add({ name: 'Family' });
    bed.db.contacts.add({ firstName: 'Mum', mobile: '2001', groupId: group.id });
    bed.set({ 'call.autoAnswerGroup': 'Family' });
    const stranger = ring(bed, [f], { from: '<sip:1002@pbx.example>' });
    const mum = ring(bed, [f], { from: '<sip:2001@pbx.example>' });
    bed.clock.advance(200);
    expect(stranger.log.answered).toBe(0);
    expect(mum.log.answered).toBe(1);
  });

  it('intercom: answered after the delay the caller asked, even with auto answer off; not when disallowed', () => {
    const bed = featureTestBed();
    const f = autoAnswerFeature()(bed.ctx);
    const now = ring(bed, [f], { headers: ['Answer-Mode: Auto'] });
    bed.clock.advance(0);
    expect(now.log.answered).toBe(1);
    expect(bed.featureEvents.at(-1)).toMatchObject({ feature: 'intercom', detail: 'handsfree (Answer-Mode)' });
    now.end('remote hangup');

    const later = ring(bed, [f], { headers: ['Call-Info: <sip:pbx.example>;answer-after=2'] });
    bed.clock.advance(1999);
    expect(later.log.answered).toBe(0);
    bed.clock.advance(1);
    expect(later.log.answered).toBe(1);
    later.end('remote hangup');

    const off = autoAnswerFeature({ allowIntercom: false })(bed.ctx);
    const refused = ring(bed, [off], { headers: ['Answer-Mode: Auto'] });
    bed.clock.advance(10_000);
    expect(refused.log.answered).toBe(0);
    refused.end('cancelled');

    // the Accept Intercom setting (call.acceptIntercom) does the same
    bed.set({ 'call.acceptIntercom': false });
    const unwanted = ring(bed, [f], { headers: ['Answer-Mode: Auto'] });
    bed.clock.advance(10_000);
    expect(unwanted.log.answered).toBe(0);
  });
});

describe('forward on no answer', () => {
  it('redirects after Ring Frequency rings of 6 s; not before; not once answered; not in DND', () => {
    const bed = featureTestBed();
    bed.set({ 'call.forwardNoAnswer': true, 'call.forwardNoAnswerNumber': '4000', 'call.forwardNoAnswerRings': 3 });
    const f = forwardingFeature()(bed.ctx);
    const call = ring(bed, [f]);
    bed.clock.advance(3 * RING_CYCLE_MS - 1);
    expect(call.log.redirectedTo).toBeUndefined();
    bed.clock.advance(1);
    expect(call.log.redirectedTo).toBe('sip:4000@pbx.example');
    expect(call.snapshot().endReason).toBe('forwarded to sip:4000@pbx.example');
    expect(bed.featureEvents.at(-1)).toMatchObject({ callId: call.id, feature: 'forward', detail: 'no-answer sip:4000@pbx.example' });

    const answered = ring(bed, [f]);
    bed.clock.advance(1000);
    answered.setState('connected');
    bed.clock.advance(3 * RING_CYCLE_MS);
    expect(answered.log.redirectedTo).toBeUndefined();
    answered.end('local hangup');

    bed.set({ 'account.1.dnd': true });
    const dnd = ring(bed, [f]);
    bed.clock.advance(3 * RING_CYCLE_MS);
    expect(dnd.log.redirectedTo).toBeUndefined();
  });

  it('an auto answer before the forward time wins', () => {
    const bed = featureTestBed();
    bed.set({ 'call.forwardNoAnswer': true, 'call.forwardNoAnswerNumber': '4000', 'call.forwardNoAnswerRings': 1, 'call.autoAnswer': true });
    const call = ring(bed, [forwardingFeature()(bed.ctx), autoAnswerFeature()(bed.ctx)]);
    bed.clock.advance(RING_CYCLE_MS * 2);
    expect(call.log.answered).toBe(1);
    expect(call.log.redirectedTo).toBeUndefined();
  });
});
