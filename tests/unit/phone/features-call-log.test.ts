/**
 * Call history, the per-line feature view, and the call-waiting tone, on a
 * fake phone context: which list a finished call goes to and with what, the
 * missed-call count and its events, the silent refusals (banlist, IP
 * strategy), "Call List Save" off; the status/event view of DND, forwarding
 * and auto answer per line; the call-waiting tone mixed into the earpiece
 * only while the second call rings beside a connected one.
 */
import { describe, expect, it } from 'vitest';
import { AUDIO_RATE, FRAME_SAMPLES, toneRatio } from '../../../src/media/index.js';
import {
  callLogFeature,
  callWaitingFeature,
  callWaitingToneSpec,
  historyRecord,
  historyType,
  lineFeaturesFeature,
  type CallInfo,
  type LineFeatureState,
  type PhoneStatus,
} from '../../../src/phone/index.js';
import { FakeCall, featureTestBed } from './features-fixture.js';

const base: CallInfo = { id: 'x', line: 1, direction: 'incoming', remote: 'sip:1002@pbx.example', state: 'ended', startedAt: 1000 };

describe('history records', () => {
  it('dialed / received / missed, talk time from the answer, the number as dialled', () => {
    expect(historyType({ ...base, direction: 'outgoing' })).toBe('dialed');
    expect(historyType({ ...base, answeredAt: 2000 })).toBe('received');
    expect(historyType(base)).toBe('missed');
    expect(historyRecord({ ...base, remoteName: 'Bob', answeredAt: 3000, endedAt: 64_400, endReason: 'remote hangup' })).toEqual({
      type: 'received',
      time: 1000,
      durationS: 61,
      line: 1,
      remoteUri: 'sip:1002@pbx.example',
      remoteName: 'Bob',
      number: '1002',
      endReason: 'remote hangup',
    });
    expect(historyRecord({ ...base, direction: 'outgoing', remote: 'sip:192.0.2.5:5062' }).number).toBe('192.0.2.5:5062');
    expect(historyRecord({ ...base, remote: 'sip:%2B4930123@pbx.example' }).number).toBe('+4930123');
    expect(historyRecord({ ...base, endReason: 'x'.repeat(100) }).endReason).toHaveLength(64);
  });
});

describe('call log feature', () => {
  it('logs each call when it ends; counts and announces missed calls', () => {
    const bed = featureTestBed();
    const f = callLogFeature(bed.ctx);
    f.start?.();
    const counts: number[] = [];
    bed.events.on('missedCalls', (m) => counts.push(m.count));

    const out = new FakeCall('o1', 2, 'outgoing', 'dialing', 'sip:1003@pbx.example');
    f.onCallAdded!(out as never);
    out.setState('connected', 5000);
    expect(bed.db.callHistory.count('dialed')).toBe(0);
    out.end('local hangup', 12_000);
    expect(bed.db.callHistory.list('dialed')).toMatchObject([{ line: 2, number: '1003', durationS: 7, endReason: 'local hangup' }]);

    const missed = bed.invite();
    f.onCallAdded!(missed.call as never, missed as never);
    missed.call.end('cancelled by caller');
    expect(bed.db.callHistory.list('missed')).toMatchObject([{ number: '1002', endReason: 'cancelled by caller', durationS: 0 }]);
    expect(counts).toEqual([1]);
    const status = { lines: [], calls: [] } as unknown as PhoneStatus;
    f.decorateStatus!(status);
    expect(status.missedCalls).toBe(1);
    bed.db.callHistory.markViewed('missed');
    f.decorateStatus!(status);
    expect(status.missedCalls).toBe(0);
    f.stop?.();
  });

  it('a call refused while screening is logged at once; banlist and IP-strategy refusals are not', () => {
    const bed = featureTestBed();
    const f = callLogFeature(bed.ctx);
    f.start?.();
    for (const feature of ['dnd', 'banlist', 'ip-strategy', 'busy'] as const) {
      const invite = bed.invite();
      bed.events.emit('callFeature', { callId: invite.call.id, line: 1, feature, detail: '486' });
      invite.call.end(`rejected 486 (${feature})`);
      f.onCallAdded!(invite.call as never, invite as never);
    }
    expect(bed.db.callHistory.list('missed').map((r) => r.endReason)).toEqual(['rejected 486 (busy)', 'rejected 486 (dnd)']);
  });

  it('Call List Save off: nothing is kept', () => {
    const bed = featureTestBed();
    bed.set({ 'call.callListSave': false });
    const f = callLogFeature(bed.ctx);
    const call = new FakeCall('o', 1, 'outgoing', 'dialing');
    f.onCallAdded!(call as never);
    call.end('local hangup');
    expect(bed.db.callHistory.count('dialed')).toBe(0);
  });
});

describe('line feature view', () => {
  it('status per line (dnd, forward, autoAnswer) and a lineFeatures event on each change', () => {
    const bed = featureTestBed();
    const f = lineFeaturesFeature(bed.ctx);
    f.start?.();
    const seen: LineFeatureState[][] = [];
    bed.events.on('lineFeatures', (s) => seen.push(s));
    bed.set({ 'account.2.dnd': true });
    bed.set({ 'call.forwardBusy': true, 'call.forwardBusyNumber': '3000', 'call.autoAnswer': true });
    bed.set({ 'call.voicemailNumber': '*97' }); // not a line feature: no event
    expect(seen).toEqual([
      [
        { line: 1, dnd: false },
        { line: 2, dnd: true },
      ],
      [
        { line: 1, dnd: false, forward: { busy: 'sip:3000@pbx.example' }, autoAnswer: 'handsfree' },
        { line: 2, dnd: true, forward: { busy: 'sip:3000@pbx.example' }, autoAnswer: 'handsfree' },
      ],
    ]);
    const status = { lines: [{ line: 1 }, { line: 2 }], calls: [] } as unknown as PhoneStatus;
    f.decorateStatus!(status);
    expect(status.lines[1]).toMatchObject({ line: 2, dnd: true, forward: { busy: 'sip:3000@pbx.example' }, autoAnswer: 'handsfree' });
    f.stop?.();
    bed.set({ 'account.2.dnd': false });
    expect(seen).toHaveLength(2);
  });
});

describe('call-waiting tone', () => {
  it('the plan bursts, then silence to the configured interval', () => {
    expect(callWaitingToneSpec(5).cadenceMs).toEqual([200, 200, 200, 4400]);
    expect(callWaitingToneSpec(1).cadenceMs).toEqual([200, 200, 200, 400]);
    expect(callWaitingToneSpec(5).freqs).toEqual([425]);
  });

  it('mixed into the earpiece over the call while the second call rings, gone when it stops', () => {
    const bed = featureTestBed();
    const f = callWaitingFeature(bed.ctx);
    const talking = new FakeCall('talking', 1, 'outgoing', 'connected');
    bed.calls.push(talking);
    const frame = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < frame.length; i++) frame[i] = Math.round(3000 * Math.sin((2 * Math.PI * 1000 * i) / AUDIO_RATE));
    const heard = (frames: number) => {
      const out = new Int16Array(frames * FRAME_SAMPLES);
      for (let k = 0; k < frames; k++) {
        bed.earpiece.writeFrame(frame);
        out.set(bed.device.last, k * FRAME_SAMPLES);
      }
      return out;
    };
    expect(toneRatio(heard(10), AUDIO_RATE, 425)).toBeLessThan(0.01);
    const invite = bed.invite();
    f.onCallAdded!(invite.call as never, invite as never);
    expect(bed.featureEvents.at(-1)).toMatchObject({ callId: invite.call.id, feature: 'call-waiting' });
    expect(bed.earpiece.playing).toBe(1);
    const first = heard(10); // the first 200 ms burst over the 1000 Hz call audio
    expect(toneRatio(first, AUDIO_RATE, 425)).toBeGreaterThan(0.3);
    expect(toneRatio(first, AUDIO_RATE, 1000)).toBeGreaterThan(0.15); // the call is still heard under the tone
    invite.call.setState('connected');
    bed.events.emit('call', invite.call.snapshot());
    expect(bed.earpiece.playing).toBe(0);
    expect(toneRatio(heard(10), AUDIO_RATE, 425)).toBeLessThan(0.01);
  });

  it('no tone when the tone is off, or when no call is up (the phone just rings)', () => {
    const bed = featureTestBed();
    const f = callWaitingFeature(bed.ctx);
    const idle = bed.invite();
    f.onCallAdded!(idle.call as never, idle as never);
    expect(bed.earpiece.playing).toBe(0);
    bed.calls.push(new FakeCall('talking', 1, 'outgoing', 'connected'));
    bed.set({ 'call.callWaitingTone': false });
    const second = bed.invite();
    f.onCallAdded!(second.call as never, second as never);
    expect(bed.earpiece.playing).toBe(0);
    expect(bed.featureEvents.at(-1)).toMatchObject({ feature: 'call-waiting' });
  });
});
