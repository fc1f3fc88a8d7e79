/**
 * The subscriber (RFC 6665 §4.1) on a VirtualClock against a scripted
 * notifier: digest challenge and the SUBSCRIBE's headers, active on the first
 * NOTIFY, a NOTIFY that overtakes the 2xx (§4.1.2.4) making the dialog,
 * refresh timing from the granted Expires and from Subscription-State
 * expires, 481 to a refresh -> a new subscription (§4.1.2.2), every
 * termination reason (§4.1.3), Timer N, failure backoff with Retry-After, 423,
 * un-SUBSCRIBE on stop with the final NOTIFY still answered 200, and the 489 /
 * 400 / 500 / 481 answers to NOTIFYs that do not fit.
 */
import { describe, expect, it } from 'vitest';
import { subscriptionRefreshDelayMs } from '../../../src/sip-ua/index.js';
import { subBench } from './subscription-bench.js';

const T1 = 500;

describe('Subscription', () => {
  it('answers the 407, sends Event/Accept/Expires, goes active on the first NOTIFY and refreshes in-dialog before expiry', async () => {
    const b = subBench();
    b.notifier.maxExpires = 600;
    const { sub, states, notifies } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    expect(sub.state).toBe('active');
    expect(states.map((s) => s.state)).toEqual(['subscribing', 'active']);
    expect(b.notifier.count).toBe(2);
    const first = b.notifier.subscribes[0]!.request;
    const second = b.notifier.subscribes[1]!.request;
    expect(first.headers.get('Proxy-Authorization')).toBeUndefined();
    expect(second.headers.get('Proxy-Authorization')).toMatch(/^Digest .*username="1005".*realm="loop"/);
    expect(second.uri).toBe('sip:1003@127.0.0.1');
    expect(second.headers.get('Event')).toBe('dialog');
    expect(second.headers.get('Accept')).toBe('application/dialog-info+xml');
    expect(second.headers.get('Expires')).toBe('3600');
    expect(second.contacts[0]?.uri.port).toBe(5060);
    expect(second.callId).toBe(first.callId);
    expect(second.cseq!.seq).toBe(first.cseq!.seq + 1);
    expect(notifies).toHaveLength(1);
    expect(b.notifier.notifies[0]!.status).toBe(200);
    expect(sub.grantedFor).toBe(600);

    // refresh due at 540 s (90% of 600), not before
    expect(subscriptionRefreshDelayMs(600)).toBe(540_000);
    await b.clock.advanceAsync(539_900);
    expect(b.notifier.count).toBe(2);
    await b.clock.advanceAsync(200);
    expect(b.notifier.count).toBe(3);
    const refresh = b.notifier.last();
    expect(refresh.toTag).toBe(b.notifier.current().tag);
    expect(refresh.callId).toBe(first.callId);
    expect(refresh.uri).toBe('sip:notifier@127.0.0.1:5070'); // the notifier's Contact
    expect(refresh.cseq!.seq).toBe(second.cseq!.seq + 1);
    expect(refresh.headers.get('Expires')).toBe('3600');
    await b.clock.advanceAsync(20);
    expect(sub.state).toBe('active');
    expect(notifies).toHaveLength(2);
    expect(states.map((s) => s.state)).toEqual(['subscribing', 'active']);
  });

  it('takes a NOTIFY that arrives before the 2xx (§4.1.2.4): it makes the dialog and the late 2xx changes nothing', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.notifyFirst = true;
    b.notifier.lateMs = 80;
    b.notifier.body = { type: 'application/dialog-info+xml', text: '<dialog-info/>' };
    const { sub, notifies } = b.subscribe({ expires: 300 });
    sub.start();
    await b.clock.advanceAsync(20);
    // the NOTIFY came first and got 200, not 481
    expect(b.notifier.notifies[0]!.status).toBe(200);
    expect(sub.state).toBe('active');
    expect(notifies).toEqual([{ time: expect.any(Number), body: '<dialog-info/>', type: 'application/dialog-info+xml', state: 'active' }]);
    await b.clock.advanceAsync(100);
    expect(sub.state).toBe('active');
    expect(b.core.dialogs.size).toBe(1);
    // a later NOTIFY in the same dialog is answered too
    expect(await Promise.all([b.notifier.notify({ state: 'active;expires=300' }), b.clock.advanceAsync(10)]).then(([s]) => s)).toBe(200);
    // refresh from the Expires of the 2xx (300 s -> 268 s) to the NOTIFY's Contact
    await b.clock.advanceAsync(subscriptionRefreshDelayMs(300));
    expect(b.notifier.count).toBe(2);
    expect(b.notifier.last().toTag).toBe(b.notifier.current().tag);
  });

  for (const notifyFirst of [false, true]) {
    it(`takes the route set from the first NOTIFY, not the 2xx (§4.4.1), dialog made by the ${notifyFirst ? 'NOTIFY' : '2xx'}`, async () => {
      const b = subBench();
      b.notifier.reply = () => 'accept';
      b.notifier.notifyFirst = notifyFirst;
      b.notifier.maxExpires = 100;
      // the "proxy" that record-routes the NOTIFYs is the notifier's own address, so the refresh still arrives
      b.notifier.recordRoute = '<sip:127.0.0.1:5070;lr>';
      const { sub } = b.subscribe();
      sub.start();
      await b.clock.advanceAsync(200);
      expect(sub.state).toBe('active');
      await b.clock.advanceAsync(subscriptionRefreshDelayMs(100));
      const refresh = b.notifier.last();
      expect(refresh.toTag).toBeDefined();
      expect(refresh.headers.getAll('Route')).toEqual(['<sip:127.0.0.1:5070;lr>']);
      expect(refresh.uri).toBe('sip:notifier@127.0.0.1:5070');
    });
  }

  it('starts a new subscription (new Call-ID and From tag) when a refresh gets 481 (§4.1.2.2)', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.maxExpires = 120;
    const { sub, states } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    const first = b.notifier.last();
    // the notifier lost the subscription (restart): the refresh gets 481
    b.notifier.dialogs.clear();
    await b.clock.advanceAsync(subscriptionRefreshDelayMs(120) + 20);
    expect(b.notifier.count).toBe(3);
    const fresh = b.notifier.last();
    expect(fresh.toTag).toBeUndefined();
    expect(fresh.callId).not.toBe(first.callId);
    expect(fresh.fromTag).not.toBe(first.fromTag);
    expect(sub.state).toBe('active');
    expect(states.map((s) => s.state)).toEqual(['subscribing', 'active', 'terminated', 'subscribing', 'active']);
    expect(states[2]).toMatchObject({ reason: '481 Call/Transaction Does Not Exist to the refresh', retryInMs: 0 });
  });

  const reasons: Array<[string, number | 'never']> = [
    ['terminated;reason=deactivated', 0],
    ['terminated;reason=timeout', 0],
    ['terminated;reason=probation;retry-after=30', 30_000],
    ['terminated;reason=giveup;retry-after=60', 60_000],
    ['terminated;reason=giveup', 15_000],
    ['terminated', 15_000],
    ['terminated;reason=rejected', 'never'],
    ['terminated;reason=noresource', 'never'],
    ['terminated;reason=invariant', 'never'],
  ];
  for (const [header, retry] of reasons) {
    it(`Subscription-State: ${header} -> ${retry === 'never' ? 'no new subscription' : `new subscription after ${retry} ms`} (§4.1.3)`, async () => {
      const b = subBench();
      b.notifier.reply = () => 'accept';
      const { sub, states } = b.subscribe();
      sub.start();
      await b.clock.advanceAsync(20);
      expect(sub.state).toBe('active');
      const done = b.notifier.notify({ state: header });
      await b.clock.advanceAsync(5);
      expect(await done).toBe(200);
      const ended = states.find((s) => s.state === 'terminated')!;
      expect(ended.reason).toBe(header.match(/reason=([a-z]+)/)?.[1] ?? header.replace(/^terminated/, 'NOTIFY terminated'));
      if (retry === 'never') {
        expect(ended.retryInMs).toBeUndefined();
        await b.clock.advanceAsync(3_600_000);
        expect(b.notifier.count).toBe(1);
        expect(sub.state).toBe('terminated');
        expect(b.core.dialogs.size).toBe(0);
        return;
      }
      expect(ended.retryInMs).toBe(retry);
      if (retry > 0) {
        await b.clock.advanceAsync(retry - 100);
        expect(b.notifier.count).toBe(1);
      }
      await b.clock.advanceAsync(200);
      expect(b.notifier.count).toBe(2);
      expect(b.notifier.last().toTag).toBeUndefined();
      await b.clock.advanceAsync(20);
      expect(sub.state).toBe('active');
    });
  }

  it('does not re-subscribe immediately twice within 32 s: the second deactivated waits the backoff', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    const { sub, states } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    void b.notifier.notify({ state: 'terminated;reason=deactivated' });
    await b.clock.advanceAsync(20);
    expect(b.notifier.count).toBe(2);
    void b.notifier.notify({ state: 'terminated;reason=deactivated' });
    await b.clock.advanceAsync(20);
    expect(b.notifier.count).toBe(2);
    expect(states.filter((s) => s.state === 'terminated').map((s) => s.retryInMs)).toEqual([0, 15_000]);
    await b.clock.advanceAsync(15_000);
    expect(b.notifier.count).toBe(3);
    expect(sub.state).toBe('active');
  });

  it('fails when no NOTIFY follows the 2xx within Timer N (64*T1), then retries with backoff', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.autoNotify = false;
    const { sub, states } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(64 * T1 - 100);
    expect(sub.state).toBe('subscribing');
    await b.clock.advanceAsync(200);
    expect(sub.state).toBe('failed');
    expect(states.at(-1)).toMatchObject({ state: 'failed', reason: 'no NOTIFY after the 2xx (Timer N)', retryInMs: 15_000 });
    expect(b.core.dialogs.size).toBe(0);
    b.notifier.autoNotify = true;
    await b.clock.advanceAsync(15_000);
    expect(sub.state).toBe('active');
    expect(b.notifier.count).toBe(2);
  });

  it('backs off after failures (15 s, 30 s, 60 s ...) and honours Retry-After', async () => {
    const b = subBench();
    b.notifier.reply = () => ({ status: 404 });
    const { sub, states } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(10);
    expect(sub.state).toBe('failed');
    expect(sub.reason).toBe('404 Not Found');
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const n = b.notifier.count;
      while (b.notifier.count === n) await b.clock.advanceAsync(1_000);
      times.push(b.notifier.subscribes.at(-1)!.time);
    }
    const gaps = times.map((t, i) => Math.round((t - (i === 0 ? b.notifier.subscribes[0]!.time : times[i - 1]!)) / 1000));
    expect(gaps).toEqual([15, 30, 60, 120]);
    expect(states.filter((s) => s.state === 'failed').map((s) => s.retryInMs)).toEqual([15_000, 30_000, 60_000, 120_000, 240_000]);

    const c = subBench();
    c.notifier.reply = () => ({ status: 503, headers: [['Retry-After', '300']] });
    const s2 = c.subscribe();
    s2.sub.start();
    await c.clock.advanceAsync(10);
    expect(s2.states.at(-1)).toMatchObject({ state: 'failed', retryInMs: 300_000 });
  });

  it('a refresh that gets no answer (Timer F) fails before expiry, and a new subscription follows the backoff', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.maxExpires = 300;
    const { sub, states } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    b.notifier.reply = (req) => (req.toTag ? 'drop' : 'accept');
    // refresh at 268 s; its transaction times out after 64*T1 = 32 s, by the end of the 300 s
    const grantedAt = b.notifier.subscribes[0]!.time;
    await b.clock.advanceAsync(subscriptionRefreshDelayMs(300) + 64 * T1 + 100);
    expect(sub.state).toBe('failed');
    expect(sub.reason).toMatch(/^refresh: /);
    expect(states.find((s) => s.state === 'failed')!.time).toBeLessThanOrEqual(grantedAt + 300_000);
    expect(b.core.dialogs.size).toBe(0);
    await b.clock.advanceAsync(15_000);
    expect(sub.state).toBe('active');
    expect(b.notifier.last().toTag).toBeUndefined();
    expect(states.map((s) => s.state)).toEqual(['subscribing', 'active', 'failed', 'subscribing', 'active']);
  });

  it('stops at failed when the answer to the challenge is rejected', async () => {
    const b = subBench();
    b.notifier.reply = (req, n) => ({ status: 407, headers: [['Proxy-Authenticate', `Digest realm="loop", nonce="n${n}", qop="auth"`]] });
    const { sub } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(10);
    expect(sub.state).toBe('failed');
    expect(sub.reason).toMatch(/^407 .*credentials rejected/);
    expect(b.notifier.count).toBe(2);
  });

  it('asks again with Min-Expires after 423 Interval Too Brief', async () => {
    const b = subBench();
    b.notifier.reply = (req) => (Number(req.headers.get('Expires')) < 600 ? { status: 423, headers: [['Min-Expires', '600']] } : 'accept');
    const { sub } = b.subscribe({ expires: 60 });
    sub.start();
    await b.clock.advanceAsync(20);
    expect(sub.state).toBe('active');
    expect(b.notifier.subscribes.map((s) => s.request.headers.get('Expires'))).toEqual(['60', '600']);
  });

  it('refreshes earlier when a NOTIFY shortens the subscription (Subscription-State expires)', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    const { sub } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    void b.notifier.notify({ state: 'active;expires=100' });
    await b.clock.advanceAsync(20);
    expect(sub.grantedFor).toBe(100);
    await b.clock.advanceAsync(subscriptionRefreshDelayMs(100));
    expect(b.notifier.count).toBe(2);
    expect(b.notifier.last().toTag).toBeDefined();
  });

  it('un-SUBSCRIBEs on stop (Expires: 0 in the dialog); the final NOTIFY still gets 200, and no events follow', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    const { sub, states, notifies } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    const stopped = sub.stop();
    await b.clock.advanceAsync(20);
    await stopped;
    const unsub = b.notifier.last();
    expect(unsub.headers.get('Expires')).toBe('0');
    expect(unsub.toTag).toBeDefined();
    // the notifier's final NOTIFY (terminated;reason=timeout) was answered 200, not 481
    expect(b.notifier.notifies.at(-1)!.request.headers.get('Subscription-State')).toBe('terminated;reason=timeout');
    expect(b.notifier.notifies.at(-1)!.status).toBe(200);
    expect(notifies).toHaveLength(1);
    expect(states.map((s) => s.state)).toEqual(['subscribing', 'active', 'terminated']);
    expect(states.at(-1)!.reason).toBe('stopped');
    expect(b.core.dialogs.size).toBe(0);
    await b.clock.advanceAsync(7_200_000);
    expect(b.notifier.count).toBe(2);
  });

  it('answers NOTIFYs that do not fit: other Event 489, no Subscription-State 400, old CSeq 500, another fork 481', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    const { sub, notifies } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    const answers = Promise.all([
      b.notifier.notify({ state: 'active', event: 'presence' }),
      b.notifier.notify({ state: '' }),
      b.notifier.notify({ state: 'active', cseqDelta: -10 }),
      b.notifier.notify({ state: 'active', fromTag: 'other-fork' }),
    ]);
    await b.clock.advanceAsync(20);
    expect(await answers).toEqual([489, 400, 500, 481]);
    expect(notifies).toHaveLength(1);
    expect(sub.state).toBe('active');
  });

  it('goes pending then active as the notifier says, and back to pending (§4.1.3)', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.autoNotify = false;
    const { sub, states } = b.subscribe();
    sub.start();
    await b.clock.advanceAsync(20);
    for (const st of ['pending', 'active;expires=3000', 'pending;expires=3000']) {
      void b.notifier.notify({ state: st });
      await b.clock.advanceAsync(10);
    }
    expect(states.map((s) => s.state)).toEqual(['subscribing', 'pending', 'active', 'pending']);
    expect(sub.state).toBe('pending');
  });
});
