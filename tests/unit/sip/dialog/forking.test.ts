/**
 * Proves the forking rules of RFC 3261 §12.1.2 / §13.2.2.4 / §12.3 with
 * DialogSet and the dialog ID matching of §12.2.2 with DialogTable: one early
 * dialog per To tag, the first 2xx wins and ends the other early dialogs, a
 * late 2xx from another fork is reported for ACK + BYE, a failure ends them all.
 */
import { describe, expect, it } from 'vitest';
import { DialogSet, DialogTable } from '../../../../src/sip/dialog/index.js';
import type { SipRequest } from '../../../../src/sip/message/index.js';
import { bobAnswers, inviteFromAlice, msg } from './call-flow.js';

function inDialogRequest(method: string, fromTag: string, toTag: string): SipRequest {
  return msg([
    `${method} sip:alice@pc33.atlanta.example.com SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds7',
    `From: Bob <sip:bob@biloxi.example.com>;tag=${fromTag}`,
    `To: Alice <sip:alice@atlanta.example.com>;tag=${toTag}`,
    'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
    'CSeq: 231 ' + method,
  ]) as SipRequest;
}

describe('forking (DialogSet)', () => {
  it('one early dialog per To tag; the 2xx fork wins; the others end', () => {
    const table = new DialogTable();
    const set = new DialogSet(inviteFromAlice(), table);
    expect(set.onResponse(bobAnswers('100 Trying', ''))).toEqual({ kind: 'ignored', reason: 'no-to-tag' });
    const e1 = set.onResponse(bobAnswers('180 Ringing', 'desk', [], '<sip:bob@192.0.2.10>'));
    const e2 = set.onResponse(bobAnswers('183 Session Progress', 'mobile', [], '<sip:bob@192.0.2.20>'));
    expect(e1).toMatchObject({ kind: 'early', created: true });
    expect(e2).toMatchObject({ kind: 'early', created: true });
    expect(set.onResponse(bobAnswers('180 Ringing', 'desk', [], '<sip:bob@192.0.2.11>'))).toMatchObject({ kind: 'early', created: false });
    expect(set.earlyDialogs().map((d) => d.id.remoteTag)).toEqual(['desk', 'mobile']);
    expect(table.size).toBe(2);
    // a later 1xx in the same early dialog brings its new target
    expect(table.forks('a84b4c76e66710@pc33.atlanta.example.com', '1928301774').find((d) => d.id.remoteTag === 'desk')!.remoteTarget.host).toBe(
      '192.0.2.11',
    );

    const win = set.onResponse(
      bobAnswers('200 OK', 'mobile', ['Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>'], '<sip:bob@192.0.2.21>'),
    );
    expect(win.kind).toBe('confirmed');
    if (win.kind !== 'confirmed') return;
    expect(win.created).toBe(false);
    expect(win.dialog.id.remoteTag).toBe('mobile');
    expect(win.dialog.state).toBe('confirmed');
    expect(win.dialog.remoteTarget.host).toBe('192.0.2.21');
    expect(win.dialog.routeSet.map((r) => r.uri.host)).toEqual(['p1.atlanta.example.com', 'p2.biloxi.example.com']);
    expect(win.endedEarly.map((d) => [d.id.remoteTag, d.state])).toEqual([['desk', 'terminated']]);
    expect(set.winner).toBe(win.dialog);
    expect(table.size).toBe(1);

    // the 2xx retransmitted: same dialog, nothing new ends
    expect(set.onResponse(bobAnswers('200 OK', 'mobile', [], '<sip:bob@192.0.2.21>'))).toMatchObject({
      kind: 'confirmed',
      created: false,
      endedEarly: [],
    });

    // the ended fork answers too: a live dialog to ACK and BYE
    const extra = set.onResponse(bobAnswers('200 OK', 'desk', [], '<sip:bob@192.0.2.10>'));
    expect(extra.kind).toBe('extra-2xx');
    if (extra.kind !== 'extra-2xx') return;
    expect(extra.dialog.state).toBe('confirmed');
    expect(extra.dialog.createRequest('BYE').uri).toBe('sip:bob@192.0.2.10');
    expect(set.winner!.id.remoteTag).toBe('mobile');
  });

  it('a 2xx with a new To tag creates the dialog confirmed', () => {
    const set = new DialogSet(inviteFromAlice());
    set.onResponse(bobAnswers('180 Ringing', 'desk'));
    const r = set.onResponse(bobAnswers('200 OK', 'voicemail'));
    expect(r).toMatchObject({ kind: 'confirmed', created: true });
    expect(r.kind === 'confirmed' && r.endedEarly.map((d) => d.id.remoteTag)).toEqual(['desk']);
  });

  it('a non-2xx final response ends every early dialog (§12.3)', () => {
    const table = new DialogTable();
    const set = new DialogSet(inviteFromAlice(), table);
    set.onResponse(bobAnswers('180 Ringing', 'desk'));
    set.onResponse(bobAnswers('180 Ringing', 'mobile'));
    const f = set.onResponse(bobAnswers('486 Busy Here', 'desk', [], ''));
    expect(f.kind).toBe('failed');
    expect(f.kind === 'failed' && f.endedEarly.map((d) => d.state)).toEqual(['terminated', 'terminated']);
    expect(table.size).toBe(0);
    expect(set.onResponse(bobAnswers('180 Ringing', 'late'))).toEqual({ kind: 'ignored', reason: 'after-failure' });
  });

  it('ignores responses to another request', () => {
    const set = new DialogSet(inviteFromAlice());
    const other = bobAnswers('180 Ringing', 'desk');
    other.headers.set('CSeq', '1 INVITE');
    expect(set.onResponse(other)).toEqual({ kind: 'ignored', reason: 'not-this-invite' });
  });
});

describe('matching in-dialog requests (DialogTable, §12.2.2)', () => {
  it('finds a dialog by Call-ID, To tag (ours) and From tag (theirs)', () => {
    const table = new DialogTable();
    const set = new DialogSet(inviteFromAlice(), table);
    const win = set.onResponse(bobAnswers('200 OK', 'a6c85cf'));
    const dialog = win.kind === 'confirmed' ? win.dialog : undefined;
    expect(table.matchRequest(inDialogRequest('BYE', 'a6c85cf', '1928301774'))).toBe(dialog);
    expect(table.matchRequest(inDialogRequest('BYE', 'other', '1928301774'))).toBeUndefined(); // caller sends 481
    expect(table.matchRequest(inDialogRequest('BYE', '1928301774', 'a6c85cf'))).toBeUndefined();
    expect(table.matchResponse(bobAnswers('200 OK', 'a6c85cf'))).toBe(dialog);
    expect(table.remove(dialog!)).toBe(true);
    expect(table.matchRequest(inDialogRequest('BYE', 'a6c85cf', '1928301774'))).toBeUndefined();
  });
});
