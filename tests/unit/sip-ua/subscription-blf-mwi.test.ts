/**
 * The two users of Subscription on the loop network, against the scripted
 * notifier:
 *  - BlfWatcher: one dialog subscription per extension (Event: dialog,
 *    Accept: application/dialog-info+xml); NOTIFY bodies drive the lamp
 *    unknown -> idle -> ringing -> busy -> idle; an old version and a broken
 *    body are ignored (still answered 200); a version gap makes it refresh;
 *    a failed subscription turns the lamp unknown; unwatch un-SUBSCRIBEs.
 *  - MwiMonitor: message-summary subscription to our own AOR, plus
 *    unsolicited NOTIFYs outside any dialog for our user only (others get the
 *    UA core's usual 405), also with subscribing switched off.
 */
import { describe, expect, it } from 'vitest';
import { BlfWatcher, MwiMonitor, type BlfLamp, type MessageSummary, type MwiSource } from '../../../src/sip-ua/index.js';
import { subBench } from './subscription-bench.js';

const DIALOG_INFO = 'application/dialog-info+xml';
const MWI = 'application/simple-message-summary';

function info(version: number, dialogs = ''): string {
  return `<?xml version="1.0"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="sip:1003@127.0.0.1">${dialogs}</dialog-info>`;
}

function dialog(state: string, direction = 'recipient'): string {
  return `<dialog id="d1" call-id="call1" direction="${direction}"><state>${state}</state><remote><identity>sip:1002@127.0.0.1</identity></remote></dialog>`;
}

describe('BlfWatcher', () => {
  it('subscribes to the dialog package of each extension and follows its lamp idle -> ringing -> busy -> idle', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.body = { type: DIALOG_INFO, text: info(0) };
    const w = new BlfWatcher(b.line);
    const lamps: Array<[string, BlfLamp]> = [];
    const ignored: string[] = [];
    w.events.on('lamp', (ext, lamp) => lamps.push([ext, lamp]));
    w.events.on('ignored', (_ext, why) => ignored.push(why));
    w.watch('1003');
    w.watch('1003'); // twice: one subscription
    expect(w.lamp('1003')).toBe('unknown');
    await b.clock.advanceAsync(20);
    expect(b.notifier.count).toBe(1);
    const sub = b.notifier.last();
    expect(sub.uri).toBe('sip:1003@127.0.0.1');
    expect(sub.headers.get('Event')).toBe('dialog');
    expect(sub.headers.get('Accept')).toBe(DIALOG_INFO);
    expect(w.lamp('1003')).toBe('idle');

    const send = async (version: number, dialogs: string) => {
      const answer = b.notifier.notify({ state: 'active', body: info(version, dialogs), type: DIALOG_INFO });
      await b.clock.advanceAsync(10);
      expect(await answer).toBe(200);
    };
    await send(1, dialog('early'));
    expect(w.lamp('1003')).toBe('ringing');
    await send(2, dialog('confirmed'));
    expect(w.lamp('1003')).toBe('busy');
    // a stale version and a broken body change nothing (and still get 200)
    await send(1, '');
    await send(3, '<dialog id="x">');
    expect(w.lamp('1003')).toBe('busy');
    expect(ignored).toEqual(['version 1 is older than 2', expect.stringMatching(/^not XML/)]);
    await send(4, dialog('terminated'));
    expect(w.lamp('1003')).toBe('idle');
    expect(lamps).toEqual([
      ['1003', 'idle'],
      ['1003', 'ringing'],
      ['1003', 'busy'],
      ['1003', 'idle'],
    ]);

    const stopping = w.unwatch('1003');
    await b.clock.advanceAsync(20);
    await stopping;
    expect(b.notifier.last().headers.get('Expires')).toBe('0');
    expect(w.watched()).toEqual([]);
  });

  it('refreshes for full state when a partial document skips a version (RFC 4235 §4.1)', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.body = { type: DIALOG_INFO, text: info(0) };
    const w = new BlfWatcher(b.line);
    w.watch('1003');
    await b.clock.advanceAsync(20);
    const partial = `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="5" state="partial" entity="sip:1003@127.0.0.1">${dialog('early')}</dialog-info>`;
    void b.notifier.notify({ state: 'active', body: partial, type: DIALOG_INFO });
    await b.clock.advanceAsync(20);
    expect(w.lamp('1003')).toBe('ringing');
    expect(b.notifier.count).toBe(2);
    expect(b.notifier.last().toTag).toBeDefined(); // an in-dialog refresh, not a new subscription
  });

  it('turns the lamp unknown when the subscription fails, and back when it recovers', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.body = { type: DIALOG_INFO, text: info(0, dialog('confirmed')) };
    const w = new BlfWatcher(b.line);
    const lamps: BlfLamp[] = [];
    w.events.on('lamp', (_e, lamp) => lamps.push(lamp));
    w.watch('sip:1003@127.0.0.1');
    await b.clock.advanceAsync(20);
    expect(w.lamp('sip:1003@127.0.0.1')).toBe('busy');
    // the server lost the subscription and now refuses new ones for a while
    b.notifier.dialogs.clear();
    b.notifier.reply = (req) => (req.toTag ? 'accept' : { status: 503 });
    await b.clock.advanceAsync(3_300_000);
    expect(w.lamp('sip:1003@127.0.0.1')).toBe('unknown');
    b.notifier.reply = () => 'accept';
    await b.clock.advanceAsync(900_000);
    expect(w.lamp('sip:1003@127.0.0.1')).toBe('busy');
    expect(lamps).toEqual(['busy', 'unknown', 'busy']);
  });
});

describe('MwiMonitor', () => {
  it('subscribes to message-summary for our own AOR and reports each summary', async () => {
    const b = subBench();
    b.notifier.reply = () => 'accept';
    b.notifier.body = { type: MWI, text: 'Messages-Waiting: yes\r\nMessage-Account: sip:1005@127.0.0.1\r\nVoice-Message: 2/0 (0/0)\r\n' };
    const m = new MwiMonitor({ ...b.line, subscribe: true });
    const got: Array<[MessageSummary, MwiSource]> = [];
    m.events.on('summary', (s, src) => got.push([s, src]));
    m.start();
    await b.clock.advanceAsync(20);
    const sub = b.notifier.last();
    expect(sub.uri).toBe('sip:1005@127.0.0.1');
    expect(sub.headers.get('Event')).toBe('message-summary');
    expect(sub.headers.get('Accept')).toBe(MWI);
    expect(got).toHaveLength(1);
    expect(got[0]![0]).toMatchObject({ waiting: true, voice: { new: 2, old: 0 } });
    expect(got[0]![1]).toBe('subscription');
    void b.notifier.notify({ state: 'active', body: 'Messages-Waiting: no\r\nVoice-Message: 0/2\r\n', type: MWI });
    await b.clock.advanceAsync(10);
    expect(m.summary).toMatchObject({ waiting: false, voice: { new: 0, old: 2 } });
    await Promise.all([m.stop(), b.clock.advanceAsync(20)]);
    expect(b.notifier.last().headers.get('Expires')).toBe('0');
  });

  it('takes unsolicited NOTIFYs for our user (also without subscribing), not for others', async () => {
    const b = subBench();
    const m = new MwiMonitor({ ...b.line, subscribe: false });
    const got: Array<[boolean, MwiSource]> = [];
    const ignored: string[] = [];
    m.events.on('summary', (s, src) => got.push([s.waiting, src]));
    m.events.on('ignored', (why) => ignored.push(why));
    m.start();
    const answers = Promise.all([
      b.notifier.unsolicited({ user: '1005', body: 'Messages-Waiting: yes\r\nVoice-Message: 3/1\r\n' }),
      b.notifier.unsolicited({ user: '1009', body: 'Messages-Waiting: yes\r\n' }),
      b.notifier.unsolicited({ user: '1005', body: 'nonsense' }),
      b.notifier.unsolicited({ user: '1005', body: 'x', event: 'check-sync' }),
    ]);
    await b.clock.advanceAsync(20);
    expect(await answers).toEqual([200, 405, 200, 405]);
    expect(b.notifier.count).toBe(0);
    expect(got).toEqual([[true, 'unsolicited']]);
    expect(m.summary?.voice).toEqual({ new: 3, old: 1, urgentNew: 0, urgentOld: 0 });
    expect(ignored).toEqual([expect.stringMatching(/not a "name: value" line/)]);
    // stopped: the UA core is back to its usual answer
    await m.stop();
    const after = b.notifier.unsolicited({ user: '1005', body: 'Messages-Waiting: no\r\n' });
    await b.clock.advanceAsync(20);
    expect(await after).toBe(405);
  });
});
