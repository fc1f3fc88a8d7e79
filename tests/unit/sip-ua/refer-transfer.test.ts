/**
 * Call transfer between three user agents in memory (RFC 3515 REFER, RFC
 * 5589 practice, RFC 3891 Replaces, RFC 3892 Referred-By). Alice (A) talks to
 * Bob (B) and transfers him to Carol (C): blind (REFER to Carol's URI) and
 * attended (A consults C first; the REFER carries Replaces naming the A-C
 * dialog, B's INVITE to C carries it, C's UA matches it and ends the A-C
 * call with BYE). The test code plays each phone: B accepts the REFER, places
 * the call and reports progress; A hangs up when the transfer succeeded.
 * Proves the wire format (Refer-To escaping, sipfrag NOTIFYs, Event ids,
 * Subscription-State), the transferor's progress events, and the refusals:
 * 603 declined, 481/486 for Replaces that cannot be honoured.
 */
import { describe, expect, it } from 'vitest';
import { formatUri, type SipRequest } from '../../../src/sip/index.js';
import {
  attendedTransferTarget,
  type IncomingCall,
  type IncomingRefer,
  type InviteSession,
  type OutgoingCall,
  type TransferProgress,
} from '../../../src/sip-ua/index.js';
import { net, TestUa, type Net } from './refer-ua-bench.js';

/** B's phone: accept the REFER, call the target (with its Replaces), report how that call goes. */
function transfereePhone(b: TestUa, session: InviteSession, made: OutgoingCall[]): void {
  session.events.on('refer', (r: IncomingRefer) => {
    r.accept();
    const call = b.call(formatUri(r.target.uri), {
      ...(r.target.replaces ? { replaces: r.target.replaces } : {}),
      ...(r.referredByText ? { referredBy: r.referredByText } : {}),
    });
    made.push(call);
    call.events.on('progress', (status, reason) => void (status > 100 && r.notify(status, reason)));
    call.events.on('state', (s) => void (s === 'confirmed' && r.notify(200, 'OK')));
    call.events.on('end', (end) => void r.notify(end.status ?? 500, end.reason.replace(/^\d+ /, '')));
  });
}

/** C's phone: an INVITE with Replaces takes the old call's place (RFC 3891 §3), others ring and are answered. */
function targetPhone(n: Net): (call: IncomingCall) => void {
  return (call) => {
    const match = call.findReplaced();
    if (!match) {
      call.ring();
      n.clock.setTimer(500, () => call.answer());
    } else if (!match.ok) {
      call.reject(match.status);
    } else {
      call.answer();
      void match.session.hangup();
    }
  };
}

/** Requests of one kind, once each (UDP retransmissions removed). */
function unique(n: Net, method: string, fromPort?: number): SipRequest[] {
  const seen = new Set<string>();
  return n
    .sent(method, fromPort)
    .map((x) => x.msg as SipRequest)
    .filter((m) => {
      const key = `${m.callId} ${m.headers.get('CSeq')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

async function connected(n: Net, from: TestUa, to: TestUa): Promise<{ out: OutgoingCall; inc: IncomingCall }> {
  const out = from.call(to.uri);
  await n.run(1000);
  expect(out.state).toBe('confirmed');
  return { out, inc: to.incoming.at(-1)! };
}

describe('blind transfer (RFC 5589 §6)', () => {
  it('A refers B to C: B calls C, NOTIFYs 100/180/200 reach A as progress, A hangs up', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072);
    const c = new TestUa(n, 'carol', 5073);
    const { out: ab, inc: ba } = await connected(n, a, b);
    const made: OutgoingCall[] = [];
    transfereePhone(b, ba, made);
    const progress: TransferProgress[] = [];
    ab.events.on('transfer-progress', (p) => {
      progress.push(p);
      if (p.final && p.status === 200) void ab.hangup();
    });

    const outcome = ab.refer(c.uri);
    await n.run(3000);

    expect(await outcome).toMatchObject({ accepted: true, status: 202, subscription: true });
    expect(progress.map((p) => [p.status, p.reason, p.final])).toEqual([
      [100, 'Trying', false],
      [180, 'Ringing', false],
      [200, 'OK', true],
    ]);
    expect(progress.at(-1)!.terminatedBy).toBe('noresource');
    // the transfer happened: B talks to C, A left
    expect(made[0]!.state).toBe('confirmed');
    expect(c.incoming[0]!.state).toBe('confirmed');
    expect(ab.ended).toEqual({ by: 'local', reason: 'local hangup' });
    expect(ba.ended?.by).toBe('remote');

    const refer = unique(n, 'REFER')[0]!;
    expect(refer.headers.get('Refer-To')).toBe(`<${c.uri}>`);
    expect(refer.headers.get('Referred-By')).toBe('<sip:alice@127.0.0.1>');
    expect(refer.contacts[0]?.uri.user).toBe('alice');
    expect(n.sent('SIP/2.0 202 Accepted')).not.toHaveLength(0);
    // RFC 3892 §3: the Referred-By travels on to the target
    expect(c.incoming[0]!.referredBy).toBe('<sip:alice@127.0.0.1>');

    const notifies = unique(n, 'NOTIFY');
    expect(notifies.map((m) => m.body.toString())).toEqual(['SIP/2.0 100 Trying\r\n', 'SIP/2.0 180 Ringing\r\n', 'SIP/2.0 200 OK\r\n']);
    for (const m of notifies) {
      expect(m.headers.get('Event')).toBe('refer');
      expect(m.headers.get('Content-Type')).toBe('message/sipfrag;version=2.0');
      expect(m.callId).toBe(ab.callId);
    }
    expect(notifies[0]!.headers.get('Subscription-State')).toBe('active;expires=180');
    expect(notifies[2]!.headers.get('Subscription-State')).toBe('terminated;reason=noresource');
    // every NOTIFY got its 200
    expect(unique(n, 'SIP/2.0 200 OK').filter((r) => r.headers.get('CSeq')?.endsWith('NOTIFY'))).toHaveLength(3);
  });

  it('a target that is busy: the 486 is the final progress, and A keeps its call', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072);
    const c = new TestUa(n, 'carol', 5073, { onIncoming: (call) => call.reject(486) });
    const { out: ab, inc: ba } = await connected(n, a, b);
    transfereePhone(b, ba, []);
    const progress: TransferProgress[] = [];
    ab.events.on('transfer-progress', (p) => progress.push(p));
    const outcome = ab.refer(c.uri);
    await n.run(2000);
    expect((await outcome).accepted).toBe(true);
    expect(progress.map((p) => [p.status, p.final])).toEqual([
      [100, false],
      [486, true],
    ]);
    expect(unique(n, 'NOTIFY').at(-1)!.body.toString()).toBe('SIP/2.0 486 Busy Here\r\n');
    expect(ab.state).toBe('confirmed');
  });
});

describe('attended transfer with Replaces (RFC 5589 §7, RFC 3891)', () => {
  it('B invites C with the Replaces of the A-C dialog; C matches it, answers, and BYEs A', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072);
    const c = new TestUa(n, 'carol', 5073, { onIncoming: (call) => targetPhone(n)(call) });
    const { out: ab, inc: ba } = await connected(n, a, b);
    const holding = ab.hold();
    await n.run(500);
    expect(await holding).toBe(true);
    const { out: ac, inc: ca } = await connected(n, a, c);
    const made: OutgoingCall[] = [];
    transfereePhone(b, ba, made);
    const progress: TransferProgress[] = [];
    ab.events.on('transfer-progress', (p) => {
      progress.push(p);
      if (p.final && p.status === 200) void ab.hangup();
    });

    const target = attendedTransferTarget(ac)!;
    expect(target.startsWith(`${c.uri}?Replaces=`)).toBe(true);
    const outcome = ab.refer(target);
    await n.run(3000);

    expect((await outcome).accepted).toBe(true);
    // the Replaces rides escaped in the Refer-To URI (RFC 3261 §19.1.5)
    const referTo = unique(n, 'REFER')[0]!.headers.get('Refer-To')!;
    expect(referTo).toBe(`<${c.uri}?Replaces=${ac.callId}%3Bto-tag%3D${ca.dialog!.id.localTag}%3Bfrom-tag%3D${ac.dialog!.id.localTag}>`);
    // B's INVITE to C names the A-C dialog as C sees it (to-tag = C's tag) and requires replaces
    const bInvite = unique(n, 'INVITE', 5072)[0]!;
    expect(bInvite.headers.get('Replaces')).toBe(`${ac.callId};to-tag=${ca.dialog!.id.localTag};from-tag=${ac.dialog!.id.localTag}`);
    expect(bInvite.tokens('Require')).toContain('replaces');
    expect(bInvite.headers.get('Referred-By')).toBe('<sip:alice@127.0.0.1>');
    // C took the new call in place of the consultation, which it ended with BYE (RFC 3891 §3)
    expect(made[0]!.state).toBe('confirmed');
    expect(c.incoming[1]!.state).toBe('confirmed');
    expect(ca.ended).toEqual({ by: 'local', reason: 'local hangup' });
    expect(ac.ended?.by).toBe('remote');
    // and A, told 200, hung up on B
    expect(progress.at(-1)).toMatchObject({ status: 200, final: true });
    expect(ab.state).toBe('terminated');
    expect(ba.ended?.by).toBe('remote');
  });

  it('481 for a Replaces naming no dialog, 486 for early-only on a confirmed one, 481 for an early dialog C did not start', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072);
    const c = new TestUa(n, 'carol', 5073, { onIncoming: (call) => targetPhone(n)(call) });
    const nowhere = b.call(c.uri, { replaces: { callId: 'no-such-call', toTag: 'x', fromTag: 'y', earlyOnly: false } });
    await n.run(1000);
    expect(nowhere.ended).toMatchObject({ by: 'remote', status: 481 });

    const { out: ac, inc: ca } = await connected(n, a, c);
    const earlyOnly = b.call(c.uri, {
      replaces: { callId: ac.callId, toTag: ca.dialog!.id.localTag, fromTag: ac.dialog!.id.localTag, earlyOnly: true },
    });
    await n.run(1000);
    expect(earlyOnly.ended).toMatchObject({ status: 486 });
    expect(ac.state).toBe('confirmed');

    // a call ringing at C (C is its UAS) cannot be replaced from outside
    const ringing = new TestUa(n, 'dave', 5074);
    const c2 = new TestUa(n, 'carol2', 5075, {
      onIncoming: (call) => (call.findReplaced() ? targetPhone(n)(call) : call.ring()),
    });
    const dc = ringing.call(c2.uri);
    await n.run(500);
    expect(dc.state).toBe('early');
    const cd = c2.incoming[0]!;
    const steal = b.call(c2.uri, { replaces: { callId: dc.callId, toTag: cd.dialog!.id.localTag, fromTag: dc.dialog!.id.localTag, earlyOnly: false } });
    await n.run(1000);
    expect(steal.ended).toMatchObject({ status: 481 });
    expect(dc.state).toBe('early');
  });

  it('an early dialog C started is replaced by answering the new INVITE and cancelling the old one', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071, { onIncoming: (call) => call.ring() });
    const b = new TestUa(n, 'bob', 5072);
    const c = new TestUa(n, 'carol', 5073, { onIncoming: (call) => targetPhone(n)(call) });
    const ca = c.call(a.uri);
    await n.run(500);
    expect(ca.state).toBe('early');
    const match = b.call(c.uri, { replaces: { callId: ca.callId, toTag: ca.dialog!.id.localTag, fromTag: ca.dialog!.id.remoteTag, earlyOnly: true } });
    await n.run(1000);
    expect(match.state).toBe('confirmed');
    expect(ca.ended).toMatchObject({ by: 'local', status: 487 });
    expect(a.incoming[0]!.ended).toMatchObject({ by: 'remote', status: 487 });
  });
});

describe('REFER refused or left unanswered', () => {
  it('declined by the phone: 603; with no phone listening: 603; undecided: 603 after the decision time', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072, { refer: { decisionMs: 2000 } });
    const c = new TestUa(n, 'carol', 5073);
    const { out: ab, inc: ba } = await connected(n, a, b);

    const unheard = ab.refer(c.uri);
    await n.run(500);
    expect(await unheard).toMatchObject({ accepted: false, status: 603 });

    const off = ba.events.on('refer', (r) => r.decline());
    const declined = ab.refer(c.uri);
    await n.run(500);
    expect(await declined).toMatchObject({ accepted: false, status: 603, reason: '603 Decline' });
    off();

    const forbidden = ba.events.on('refer', (r) => r.decline(403));
    const refused = ab.refer(c.uri);
    await n.run(500);
    expect(await refused).toMatchObject({ accepted: false, status: 403 });
    forbidden();

    ba.events.on('refer', () => {});
    const undecided = ab.refer(c.uri);
    await n.run(1500);
    expect(n.sent('SIP/2.0 603').length).toBe(2);
    await n.run(1000);
    expect(await undecided).toMatchObject({ accepted: false, status: 603 });
    // the call itself goes on, and nobody was called
    expect(ab.state).toBe('confirmed');
    expect(c.incoming).toHaveLength(0);
  });

  it('a transferee that hangs up before its final NOTIFY: A gets a last progress saying the dialog ended', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072);
    const c = new TestUa(n, 'carol', 5073);
    const { out: ab, inc: ba } = await connected(n, a, b);
    ba.events.on('refer', (r) => r.accept());
    const progress: TransferProgress[] = [];
    ab.events.on('transfer-progress', (p) => progress.push(p));
    const outcome = ab.refer(c.uri);
    await n.run(500);
    expect((await outcome).accepted).toBe(true);
    const hangup = ba.hangup();
    await n.run(500);
    await hangup;
    expect(ab.ended?.by).toBe('remote');
    expect(progress.map((p) => [p.status, p.final, p.terminatedBy])).toEqual([
      [100, false, undefined],
      [100, true, 'dialog-ended'],
    ]);
    // and B's REFER is over: reporting on it sends nothing
    expect(await ba.notifyReferProgress(200, 'OK')).toBe(false);
  });

  it('a transferee that never reports ends the subscription at its expiry; later REFERs carry Event ids', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', 5071);
    const b = new TestUa(n, 'bob', 5072, { refer: { subscriptionSeconds: 10 } });
    const c = new TestUa(n, 'carol', 5073);
    const { out: ab, inc: ba } = await connected(n, a, b);
    const refers: IncomingRefer[] = [];
    ba.events.on('refer', (r) => {
      refers.push(r);
      r.accept();
    });
    const progress: TransferProgress[] = [];
    ab.events.on('transfer-progress', (p) => progress.push(p));

    const first = await Promise.all([ab.refer(c.uri), n.run(500)]);
    const second = await Promise.all([ab.refer(c.uri), n.run(500)]);
    expect(first[0].accepted && second[0].accepted).toBe(true);
    const [id1, id2] = [first[0], second[0]].map((o) => (o.accepted ? o.referId : ''));
    // RFC 3515 §2.4.6: NOTIFYs for the second REFER name it by its CSeq
    const events = unique(n, 'NOTIFY').map((m) => m.headers.get('Event'));
    expect(events).toEqual(['refer', `refer;id=${id2}`]);

    // the phone reports on the second one only
    expect(await Promise.all([ba.notifyReferProgress(180, 'Ringing'), n.run(100)]).then((r) => r[0])).toBe(true);
    expect(progress.map((p) => [p.referId, p.status])).toEqual([
      [id1, 100],
      [id2, 100],
      [id2, 180],
    ]);
    await n.run(10_000);
    // at expiry both subscriptions end with reason=timeout, carrying the last status
    const finals = progress.filter((p) => p.final);
    expect(finals.map((p) => [p.referId, p.status, p.terminatedBy])).toEqual([
      [id1, 100, 'timeout'],
      [id2, 180, 'timeout'],
    ]);
    expect(refers.map((r) => r.state)).toEqual(['done', 'done']);
    expect(unique(n, 'NOTIFY').at(-1)!.headers.get('Subscription-State')).toBe('terminated;reason=timeout');
  });
});
