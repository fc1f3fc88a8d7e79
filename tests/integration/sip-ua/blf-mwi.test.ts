/**
 * BLF and MWI against the real lab Kamailio (presence + pua_dialoginfo +
 * presence_mwi), with a bare Sayhi UA (UaCore + TransportManager, registered
 * as 1008):
 *  - BLF (RFC 4235): the UA watches 1009 while baresip 1006 calls baresip 1009
 *    through Kamailio (1009 answers by hand after ringing, then 1006 hangs
 *    up); the lamp goes idle -> ringing -> busy -> idle from Kamailio's dialog
 *    NOTIFYs. A second call at once rings the lamp again although Kamailio
 *    lists the first, terminated dialog beside it, and its CANCEL turns the
 *    lamp idle. Every NOTIFY is answered 200; unwatching un-SUBSCRIBEs.
 *  - MWI (RFC 3842): the UA subscribes to its own message-summary; SIPp
 *    PUBLISHes "yes, 2 new" for 1008 (as a voicemail server would) and the
 *    monitor reports waiting with 2 new; then "no" and it reports not waiting.
 *  - Unsolicited MWI: SIPp sends a NOTIFY outside any dialog straight to the
 *    UA; it is answered 200 and reaches the monitor.
 *  - Refresh (RFC 6665 §4.1.2.2): with Kamailio's shortest period (10 s) the
 *    refresh goes in the dialog to Kamailio's Contact and keeps it active;
 *    after a Kamailio restart the refresh gets 481 and a new subscription
 *    (new Call-ID) becomes active.
 * Users: 1008 (the UA), 1006/1009 (baresip), 1010 (the PUBLISHing voicemail).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMap, TypedEvents } from '../../../src/base/index.js';
import { makeUri } from '../../../src/sip/index.js';
import {
  BlfWatcher,
  DIALOG_INFO_TYPE,
  MwiMonitor,
  Subscription,
  type BlfLamp,
  type MessageSummary,
  type MwiSource,
} from '../../../src/sip-ua/index.js';
import { runSipp, startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { startLabUa, type LabUa } from './lab-ua.js';

let kam: Kamailio;
let ua: LabUa;

beforeAll(async () => {
  kam = await startKamailio();
  ua = await startLabUa(kam, '1008');
});

afterAll(async () => {
  await ua?.stop();
  await stopAllLab();
});

/** Resolves with the first `name` event for which `pick` returns a value; rejects after `timeoutMs` with the UA's wire and log. */
function waitOn<E extends EventMap, K extends keyof E, T>(
  events: TypedEvents<E>,
  name: K,
  pick: (...args: E[K]) => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${timeoutMs} ms\n${ua.wireSummary()}\n${ua.logTail()}`));
    }, timeoutMs);
    const off = events.on(name, (...args: E[K]) => {
      const v = pick(...args);
      if (v === undefined) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

function lampIs(w: BlfWatcher, ext: string, lamp: BlfLamp, timeoutMs = 5000): Promise<BlfLamp> {
  if (w.lamp(ext) === lamp) return Promise.resolve(lamp);
  return waitOn(w.events, 'lamp', (e, l) => (e === ext && l === lamp ? l : undefined), timeoutMs, `BLF lamp ${lamp} for ${ext}`);
}

function summaryWhere(m: MwiMonitor, pred: (s: MessageSummary, src: MwiSource) => boolean, timeoutMs = 5000): Promise<[MessageSummary, MwiSource]> {
  return waitOn(m.events, 'summary', (s, src) => (pred(s, src) ? ([s, src] as [MessageSummary, MwiSource]) : undefined), timeoutMs, 'matching MWI summary');
}

/** The UA's answers to NOTIFYs (status lines). */
function notifyAnswers(): string[] {
  return ua.wire.filter((w) => w.startsWith('> SIP/2.0') && /\r\nCSeq: *\d+ NOTIFY\r\n/i.test(w)).map((w) => w.slice(2, w.indexOf('\r\n')));
}

describe('BLF and MWI with Kamailio presence', () => {
  let b1006: Baresip;
  let b1009: Baresip;

  it('BLF: the lamp of 1009 follows a call from 1006: idle -> ringing -> busy -> idle', async () => {
    [b1006, b1009] = await Promise.all([
      startBaresip({ user: '1006', registrar: kam }),
      startBaresip({ user: '1009', registrar: kam, answerMode: 'manual' }),
    ]);
    const w = new BlfWatcher(ua.line);
    const lamps: Array<{ lamp: BlfLamp; at: number }> = [];
    w.events.on('lamp', (ext, lamp) => ext === '1009' && lamps.push({ lamp, at: Date.now() }));
    w.watch('1009');
    await lampIs(w, '1009', 'idle');
    expect(w.subscription('1009')?.state).toBe('active');

    // when baresip reported each step, to compare with the lamp (negative: the lamp was first)
    const lampAt = (lamp: BlfLamp, after: number) => lamps.find((l) => l.lamp === lamp && l.at >= after)?.at ?? Number.NaN;
    const t0 = Date.now();
    await b1006.ctrl.dial('sip:1009@127.0.0.1');
    await b1009.ctrl.waitEvent('CALL_INCOMING', 5000);
    const incomingAt = Date.now();
    await lampIs(w, '1009', 'ringing');

    await b1009.ctrl.accept();
    await Promise.all([b1009.ctrl.waitEvent('CALL_ESTABLISHED', 5000), b1006.ctrl.waitEvent('CALL_ESTABLISHED', 5000)]);
    const answeredAt = Date.now();
    await lampIs(w, '1009', 'busy');

    await b1006.ctrl.hangup();
    await Promise.all([b1006.ctrl.waitEvent('CALL_CLOSED', 5000), b1009.ctrl.waitEvent('CALL_CLOSED', 5000)]);
    const closedAt = Date.now();
    await lampIs(w, '1009', 'idle');
    console.log(
      `BLF lamp minus baresip's event: ringing ${lampAt('ringing', t0) - incomingAt} ms, ` +
        `busy ${lampAt('busy', t0) - answeredAt} ms, idle ${lampAt('idle', t0 + 1) - closedAt} ms`,
    );
    expect(lamps.map((l) => l.lamp)).toEqual(['idle', 'ringing', 'busy', 'idle']);

    // A second call at once: Kamailio may still list the first, terminated dialog
    // next to the new one (lab README); the lamp rings all the same, and goes
    // idle when the caller gives up (CANCEL).
    await b1006.ctrl.dial('sip:1009@127.0.0.1');
    await b1009.ctrl.waitEvent('CALL_INCOMING', 5000);
    await lampIs(w, '1009', 'ringing');
    await b1006.ctrl.hangup();
    await b1009.ctrl.waitEvent('CALL_CLOSED', 5000);
    await lampIs(w, '1009', 'idle');
    expect(lamps.map((l) => l.lamp)).toEqual(['idle', 'ringing', 'busy', 'idle', 'ringing', 'idle']);

    const notifies = ua.wire.filter((m) => m.startsWith('< NOTIFY ') && /\r\nEvent: *dialog/i.test(m));
    expect(notifies.length).toBeGreaterThanOrEqual(6);
    expect(notifies.some((m) => /<state[^>]*>early<\/state>/.test(m))).toBe(true);
    // the second call's ringing NOTIFY listed the first call's terminated dialog too
    expect(notifies.some((m) => /<state>early<\/state>/.test(m) && /<state>terminated<\/state>/.test(m))).toBe(true);
    expect(notifyAnswers().every((line) => line === 'SIP/2.0 200 OK')).toBe(true);

    await w.unwatch('1009');
    const unsub = ua.wire.filter((m) => m.startsWith('> SUBSCRIBE ')).at(-1)!;
    expect(unsub).toMatch(/\r\nExpires: 0\r\n/);
    expect(unsub).toMatch(/\r\nTo: [^\r]*;tag=/);
    await Promise.all([b1006.stop(), b1009.stop()]);
  });

  it('MWI: a PUBLISHed message-summary for 1008 lights the monitor (2 new), and clears it', async () => {
    const m = new MwiMonitor({ ...ua.line, subscribe: true });
    const active = waitOn(m.events, 'state', (s) => (s === 'active' ? s : undefined), 5000, 'MWI subscription active');
    m.start();
    await active;
    const sub = ua.wire.find((w) => w.startsWith('> SUBSCRIBE ') && /Event: message-summary/.test(w))!;
    expect(sub).toMatch(/^> SUBSCRIBE sip:1008@127\.0\.0\.1 SIP\/2\.0/);
    expect(sub).toMatch(/\r\nAccept: application\/simple-message-summary\r\n/);

    const lit = summaryWhere(m, (s) => s.waiting);
    const pub = await runSipp({
      scenario: 'mwi-publish',
      target: kam.udp,
      keys: { user: '1010', target: '1008', waiting: 'yes', new: 2, old: 0 },
      auth: { user: '1010', password: kam.passwordOf('1010') },
    });
    expect(pub.code, pub.errors || pub.stderr).toBe(0);
    const [summary, source] = await lit;
    expect(source).toBe('subscription');
    expect(summary).toMatchObject({ waiting: true, account: 'sip:1008@127.0.0.1', voice: { new: 2, old: 0, urgentNew: 0, urgentOld: 0 } });

    const cleared = summaryWhere(m, (s) => !s.waiting);
    const pub2 = await runSipp({
      scenario: 'mwi-publish',
      target: kam.udp,
      keys: { user: '1010', target: '1008', waiting: 'no', new: 0, old: 2 },
      auth: { user: '1010', password: kam.passwordOf('1010') },
    });
    expect(pub2.code, pub2.errors || pub2.stderr).toBe(0);
    expect((await cleared)[0]).toMatchObject({ waiting: false, voice: { new: 0, old: 2 } });
    expect(m.summary?.waiting).toBe(false);

    await m.stop();
    const unsub = ua.wire.filter((w) => w.startsWith('> SUBSCRIBE ') && /Event: message-summary/.test(w)).at(-1)!;
    expect(unsub).toMatch(/\r\nExpires: 0\r\n/);
  });

  it('unsolicited MWI: a NOTIFY outside any dialog (SIPp) is answered 200 and reaches the monitor', async () => {
    const subscribesBefore = ua.wire.filter((w) => w.startsWith('> SUBSCRIBE ')).length;
    const m = new MwiMonitor({ ...ua.line, subscribe: false });
    m.start();
    const got = summaryWhere(m, (_s, src) => src === 'unsolicited');
    const r = await runSipp({
      scenario: 'mwi-unsolicited-notify',
      target: `127.0.0.1:${ua.sipPort}`,
      keys: { user: '1008', waiting: 'yes', new: 4, old: 1 },
    });
    expect(r.code, `${r.errors}\n${ua.wireSummary()}`).toBe(0);
    const [summary] = await got;
    expect(summary).toMatchObject({ waiting: true, voice: { new: 4, old: 1 } });
    await m.stop();
    // subscribe: false sends no SUBSCRIBE at all
    expect(ua.wire.filter((w) => w.startsWith('> SUBSCRIBE ')).length).toBe(subscribesBefore);
  });

  it('refreshes in the dialog Kamailio made, and after a Kamailio restart (481 to the refresh) subscribes anew', async () => {
    // Kamailio's presence min_expires is 10 s: refresh due at 5 s
    const sub = new Subscription({
      ...ua.line,
      expires: 10,
      target: makeUri({ user: '1009', host: kam.domain }),
      event: 'dialog',
      accept: [DIALOG_INFO_TYPE],
    });
    const states: string[] = [];
    sub.events.on('state', (s, d) => states.push(d.reason ? `${s} (${d.reason})` : s));
    const sent = () => ua.wire.filter((w) => w.startsWith('> SUBSCRIBE sip:') && /\r\nEvent: dialog\r\n/.test(w) && /Expires: 10\r\n/.test(w));
    const before = sent().length;
    const active = waitOn(sub.events, 'state', (s) => (s === 'active' ? s : undefined), 5000, 'subscription active');
    sub.start();
    await active;
    const initial = sent().at(-1)!;
    const callId = /\r\nCall-ID: ([^\r]+)/.exec(initial)![1]!;

    // the refresh: in the dialog (To tag), to Kamailio's Contact, answered 200
    const refreshed = () => sent().slice(before).filter((w) => /\r\nTo: [^\r]*;tag=/.test(w));
    await waitOn(sub.events, 'notify', () => (refreshed().length >= 1 ? true : undefined), 8000, 'a NOTIFY after the refresh');
    expect(refreshed()[0]).toMatch(/^> SUBSCRIBE sip:127\.0\.0\.1:25060 SIP\/2\.0/);
    expect(refreshed()[0]).toContain(`Call-ID: ${callId}`);
    expect(sub.state).toBe('active');

    // Kamailio forgets every subscription; the next refresh gets 481 and a new one starts
    await kam.restart();
    await waitOn(sub.events, 'state', (s) => (s === 'active' && states.some((x) => x.startsWith('terminated')) ? s : undefined), 15_000, 'a new subscription after 481');
    expect(states.find((x) => x.startsWith('terminated'))).toMatch(/^terminated \(481 .* to the refresh\)$/);
    const fresh = sent().at(-1)!;
    expect(/\r\nCall-ID: ([^\r]+)/.exec(fresh)![1]).not.toBe(callId);
    expect(states.slice(-2)).toEqual(['subscribing', 'active']);
    await sub.stop();
  });
});
