/**
 * Proves RFC 3261 §12 dialog rules on messages shaped like the §24.2 call
 * flow (Alice -> atlanta proxy -> biloxi proxy -> Bob): dialog state from the
 * UAC and UAS sides, the route set order from two Record-Route entries
 * (reversed for the UAC, as-is for the UAS), a strict router (§12.2.1.1), CSeq
 * rules (increment, ACK reuse, 500 on out-of-order, §12.2.2), remote target
 * refresh from re-INVITE and its 2xx, the secure flag, and bad inputs as values.
 */
import { describe, expect, it } from 'vitest';
import { SayhiError } from '../../../../src/base/index.js';
import { Dialog } from '../../../../src/sip/dialog/index.js';
import { parseNameAddr, type SipRequest } from '../../../../src/sip/message/index.js';
import { bobAnswers, inviteFromAlice, msg } from './call-flow.js';

// The biloxi proxy (nearest Bob) adds its Record-Route on top of atlanta's.
const TWO_PROXIES = ['Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>'];

function uacDialog(extra = TWO_PROXIES): Dialog {
  const r = Dialog.fromUacResponse(inviteFromAlice(), bobAnswers('200 OK', 'a6c85cf', extra));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function uasDialog(extra = TWO_PROXIES): Dialog {
  const r = Dialog.fromUasRequest(inviteFromAlice(extra), 'a6c85cf', parseNameAddr('<sip:bob@192.0.2.4>')!);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('UAC dialog (§12.1.2)', () => {
  it('takes its state from the request and the 2xx', () => {
    const d = uacDialog();
    expect(d.id).toEqual({ callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: '1928301774', remoteTag: 'a6c85cf' });
    expect(d.state).toBe('confirmed');
    expect(d.role).toBe('uac');
    expect(d.localSeq).toBe(314159);
    expect(d.remoteSeq).toBeUndefined();
    expect(d.remoteTarget.host).toBe('192.0.2.4');
    expect(d.remoteUri.params.get('tag')).toBe('a6c85cf');
    expect(d.localUri.params.get('tag')).toBe('1928301774');
    expect(d.secure).toBe(false);
  });

  it('reverses the Record-Route: the first Route is the proxy nearest to us', () => {
    const d = uacDialog();
    expect(d.routeSet.map((r) => r.uri.host)).toEqual(['p1.atlanta.example.com', 'p2.biloxi.example.com']);
    const bye = d.createRequest('BYE');
    expect(bye.uri).toBe('sip:bob@192.0.2.4');
    expect(bye.headers.getAll('Route')).toEqual(['<sip:p1.atlanta.example.com;lr>', '<sip:p2.biloxi.example.com;lr>']);
    expect(bye.headers.get('CSeq')).toBe('314160 BYE');
    expect(bye.headers.get('From')).toBe('"Alice" <sip:alice@atlanta.example.com>;tag=1928301774');
    expect(bye.headers.get('To')).toBe('"Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf');
    expect(bye.headers.get('Call-ID')).toBe('a84b4c76e66710@pc33.atlanta.example.com');
    expect(bye.headers.has('Contact')).toBe(false);
  });

  it('reads Record-Route given as separate header fields the same way', () => {
    const d = uacDialog(['Record-Route: <sip:p2.biloxi.example.com;lr>', 'Record-Route: <sip:p1.atlanta.example.com;lr>']);
    expect(d.routeSet.map((r) => r.uri.host)).toEqual(['p1.atlanta.example.com', 'p2.biloxi.example.com']);
  });

  it('without Record-Route sends straight to the remote target', () => {
    const bye = uacDialog([]).createRequest('BYE');
    expect(bye.uri).toBe('sip:bob@192.0.2.4');
    expect(bye.headers.has('Route')).toBe(false);
  });

  it('a strict router: its URI becomes the Request-URI, the remote target the last Route', () => {
    const d = uacDialog(['Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;method=INVITE>']);
    const bye = d.createRequest('BYE');
    expect(bye.uri).toBe('sip:p1.atlanta.example.com'); // method= is not allowed in a Request-URI
    expect(bye.headers.getAll('Route')).toEqual(['<sip:p2.biloxi.example.com;lr>', '<sip:bob@192.0.2.4>']);
  });

  it('ACK reuses the INVITE CSeq and does not move the local CSeq', () => {
    const d = uacDialog();
    const ack = d.createAck(314159);
    expect(ack.method).toBe('ACK');
    expect(ack.headers.get('CSeq')).toBe('314159 ACK');
    expect(ack.headers.getAll('Route')).toHaveLength(2);
    expect(d.localSeq).toBe(314159);
    expect(d.createRequest('INFO').cseq).toEqual({ seq: 314160, method: 'INFO' });
    expect(d.createRequest('INVITE').cseq).toEqual({ seq: 314161, method: 'INVITE' });
  });

  it('puts our Contact in target refresh requests', () => {
    const d = uacDialog();
    const reinvite = d.createRequest('INVITE', { body: Buffer.from('v=0\r\n'), contentType: 'application/sdp' });
    expect(reinvite.headers.get('Contact')).toBe('<sip:alice@pc33.atlanta.example.com>');
    expect(reinvite.headers.get('Content-Type')).toBe('application/sdp');
    expect(reinvite.body.toString()).toBe('v=0\r\n');
  });

  it('takes the new remote target from the 2xx to a re-INVITE, not from other 2xx', () => {
    const d = uacDialog();
    const info200 = bobAnswers('200 OK', 'a6c85cf', [], '<sip:bob@192.0.2.99>');
    info200.headers.set('CSeq', '314160 INFO');
    expect(d.updateFromResponse(info200)).toMatchObject({ matched: true, targetRefreshed: false });
    expect(d.remoteTarget.host).toBe('192.0.2.4');
    const re200 = bobAnswers('200 OK', 'a6c85cf', [], '<sip:bob@192.0.2.77:5070>');
    re200.headers.set('CSeq', '314161 INVITE');
    expect(d.updateFromResponse(re200)).toMatchObject({ matched: true, targetRefreshed: true, confirmed: false });
    expect(d.createRequest('BYE').uri).toBe('sip:bob@192.0.2.77:5070');
    // a response with another To tag is not ours
    expect(d.updateFromResponse(bobAnswers('200 OK', 'other')).matched).toBe(false);
  });

  it('an early dialog from a 1xx is confirmed by the 2xx, which resets the route set', () => {
    const r = Dialog.fromUacResponse(
      inviteFromAlice(),
      bobAnswers('180 Ringing', 'a6c85cf', ['Record-Route: <sip:p1.atlanta.example.com;lr>']),
    );
    expect(r.ok).toBe(true);
    const d = (r as { ok: true; value: Dialog }).value;
    expect(d.state).toBe('early');
    expect(d.routeSet).toHaveLength(1);
    const up = d.updateFromResponse(bobAnswers('200 OK', 'a6c85cf', TWO_PROXIES, '<sip:bob@192.0.2.5>'));
    expect(up).toMatchObject({ confirmed: true, targetRefreshed: true });
    expect(d.state).toBe('confirmed');
    expect(d.routeSet.map((x) => x.uri.host)).toEqual(['p1.atlanta.example.com', 'p2.biloxi.example.com']);
    expect(d.remoteTarget.host).toBe('192.0.2.5');
  });

  it('a non-2xx final answer ends an early dialog', () => {
    const r = Dialog.fromUacResponse(inviteFromAlice(), bobAnswers('183 Session Progress', 'x1'));
    const d = (r as { ok: true; value: Dialog }).value;
    expect(d.updateFromResponse(bobAnswers('486 Busy Here', 'x1'))).toMatchObject({ terminated: true });
    expect(d.state).toBe('terminated');
    expect(() => d.createRequest('BYE')).toThrow(SayhiError);
    expect(() => d.confirm()).toThrow(/terminated -> confirmed/);
  });

  it('reports unusable responses as values', () => {
    expect(Dialog.fromUacResponse(inviteFromAlice(), bobAnswers('100 Trying', 'x'))).toEqual({ ok: false, reason: 'not-dialog-creating' });
    expect(Dialog.fromUacResponse(inviteFromAlice(), bobAnswers('486 Busy Here', 'x'))).toEqual({ ok: false, reason: 'not-dialog-creating' });
    const noTag = bobAnswers('200 OK', 'x');
    noTag.headers.set('To', '<sip:bob@biloxi.example.com>');
    expect(Dialog.fromUacResponse(inviteFromAlice(), noTag)).toEqual({ ok: false, reason: 'no-to-tag' });
    expect(Dialog.fromUacResponse(inviteFromAlice(), bobAnswers('200 OK', 'x', [], ''))).toEqual({ ok: false, reason: 'no-contact' });
    // an early dialog without Contact aims at the Request-URI until the 2xx says better
    const early = Dialog.fromUacResponse(inviteFromAlice(), bobAnswers('180 Ringing', 'x', [], ''));
    expect(early.ok && early.value.remoteTarget.host).toBe('biloxi.example.com');
  });

  it('is secure only for a sips Request-URI over TLS', () => {
    const inv = inviteFromAlice([], 'sips:bob@biloxi.example.com');
    const ok = Dialog.fromUacResponse(inv, bobAnswers('200 OK', 't', [], '<sips:bob@192.0.2.4>'), { overTls: true });
    expect(ok.ok && ok.value.secure).toBe(true);
    const plain = Dialog.fromUacResponse(inv, bobAnswers('200 OK', 't', [], '<sips:bob@192.0.2.4>'));
    expect(plain.ok && plain.value.secure).toBe(false);
  });

  it('refuses to build ACK or CANCEL as new requests', () => {
    expect(() => uacDialog().createRequest('ACK')).toThrow(SayhiError);
    expect(() => uacDialog().createRequest('cancel')).toThrow(SayhiError);
  });
});

describe('UAS dialog (§12.1.1)', () => {
  it('keeps the Record-Route order: the first Route is the proxy nearest to us', () => {
    const d = uasDialog();
    expect(d.id).toEqual({ callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: 'a6c85cf', remoteTag: '1928301774' });
    expect(d.state).toBe('early');
    expect(d.remoteSeq).toBe(314159);
    expect(d.localSeq).toBeUndefined();
    expect(d.localUri.params.get('tag')).toBe('a6c85cf');
    expect(d.remoteTarget.host).toBe('pc33.atlanta.example.com');
    d.confirm();
    const bye = d.createRequest('BYE');
    expect(bye.uri).toBe('sip:alice@pc33.atlanta.example.com');
    expect(bye.headers.getAll('Route')).toEqual(['<sip:p2.biloxi.example.com;lr>', '<sip:p1.atlanta.example.com;lr>']);
    expect(bye.headers.get('From')).toBe('"Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf');
    expect(bye.headers.get('To')).toBe('"Alice" <sip:alice@atlanta.example.com>;tag=1928301774');
  });

  it('starts its own CSeq at a random value below 2^31 and then counts up', () => {
    const d = uasDialog();
    const first = d.createRequest('BYE').cseq!.seq;
    expect(first).toBeGreaterThan(1);
    expect(first).toBeLessThanOrEqual(0x80000000);
    expect(d.createRequest('INFO').cseq!.seq).toBe(first + 1);
  });

  it('rejects a lower remote CSeq with 500 and accepts higher ones (§12.2.2)', () => {
    const d = uasDialog();
    const req = (seq: number, method: string, contact?: string): SipRequest =>
      msg([
        `${method} sip:bob@192.0.2.4 SIP/2.0`,
        'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK' + seq,
        'To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf',
        'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
        'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
        `CSeq: ${seq} ${method}`,
        ...(contact ? [`Contact: ${contact}`] : []),
      ]) as SipRequest;
    expect(d.receiveRequest(req(314159, 'ACK'))).toEqual({ ok: true, targetRefreshed: false });
    expect(d.receiveRequest(req(314160, 'INFO', '<sip:alice@10.0.0.9>'))).toEqual({ ok: true, targetRefreshed: false });
    expect(d.remoteTarget.host).toBe('pc33.atlanta.example.com'); // INFO is no target refresh
    expect(d.receiveRequest(req(314158, 'BYE'))).toEqual({ ok: false, status: 500, reason: 'cseq-out-of-order' });
    expect(d.remoteSeq).toBe(314160);
    expect(d.receiveRequest(req(314170, 'INVITE', '<sip:alice@192.0.2.200:5062>'))).toEqual({ ok: true, targetRefreshed: true });
    expect(d.remoteTarget.host).toBe('192.0.2.200');
    expect(d.receiveRequest(req(314171, 'UPDATE', '<sip:alice@192.0.2.201>'))).toEqual({ ok: true, targetRefreshed: true });
    expect(d.createRequest('BYE').uri).toBe('sip:alice@192.0.2.201');
    const bad = req(1, 'BYE');
    bad.headers.set('CSeq', 'x');
    expect(d.receiveRequest(bad)).toMatchObject({ ok: false, status: 400 });
  });

  it('needs a From tag and a Contact', () => {
    const noContact = inviteFromAlice();
    noContact.headers.remove('Contact');
    const contact = parseNameAddr('<sip:bob@192.0.2.4>')!;
    expect(Dialog.fromUasRequest(noContact, 't', contact)).toEqual({ ok: false, reason: 'no-contact' });
    const noTag = inviteFromAlice();
    noTag.headers.set('From', '<sip:alice@atlanta.example.com>');
    expect(Dialog.fromUasRequest(noTag, 't', contact)).toEqual({ ok: false, reason: 'no-from-tag' });
    const subscribe = inviteFromAlice();
    subscribe.method = 'SUBSCRIBE';
    const s = Dialog.fromUasRequest(subscribe, 't', contact);
    expect(s.ok && s.value.state).toBe('confirmed');
  });
});
