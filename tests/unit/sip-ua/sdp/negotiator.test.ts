/**
 * Proves the OfferAnswerNegotiator (RFC 3264 offer/answer, pjmedia-style
 * states): the full state table, legal and illegal moves, as values; glare
 * (491) and 488 rollbacks; hold/resume with RFC 3264 §8.4 directions; the o=
 * version (+1 on every changed SDP, unchanged on a refresh, never backwards);
 * garbage SDP never throwing out of the negotiator.
 */
import { describe, expect, it } from 'vitest';
import {
  createAnswer,
  createOffer,
  OfferAnswerNegotiator,
  parseSdp,
  type NegotiatorState,
} from '../../../../src/sip-ua/sdp/index.js';
import { fixture, PHONE_CODECS } from './fixtures.js';

const LOCAL = { address: '127.0.0.1', port: 40000, codecs: PHONE_CODECS };
const PEER = { address: '127.0.0.1', port: 50000, codecs: PHONE_CODECS };

function negotiator(): OfferAnswerNegotiator {
  return new OfferAnswerNegotiator({ local: LOCAL, sessionId: '777', initialVersion: 10 });
}

function version(sdp: string): number {
  const p = parseSdp(sdp);
  if (!p.ok) throw new Error(p.detail);
  return Number(p.value.origin.version);
}

/** The peer answers an offer as a plain phone would (wanting `direction`). */
let peerVersion = 1;
function peerAnswer(offer: string, direction: 'sendrecv' | 'sendonly' = 'sendrecv'): string {
  const r = createAnswer(offer, { ...PEER, direction, origin: { sessionId: '9', sessionVersion: peerVersion++ } });
  if (!r.ok) throw new Error(r.reason);
  return r.sdp;
}

function peerOffer(direction: 'sendrecv' | 'sendonly' | 'inactive' = 'sendrecv'): string {
  return createOffer({ ...PEER, direction, origin: { sessionId: '9', sessionVersion: peerVersion++ } });
}

/** Call established by our offer. */
function established(): OfferAnswerNegotiator {
  const n = negotiator();
  const offer = n.createOffer();
  expect(offer.ok).toBe(true);
  expect(n.setRemoteAnswer(peerAnswer(offer.ok ? offer.value : '')).ok).toBe(true);
  expect(n.negotiate().ok).toBe(true);
  return n;
}

function reach(state: NegotiatorState): OfferAnswerNegotiator {
  const n = negotiator();
  if (state === 'local-offer') n.createOffer();
  if (state === 'remote-offer') n.setRemoteOffer(peerOffer());
  if (state === 'wait-nego') {
    const o = n.createOffer();
    n.setRemoteAnswer(peerAnswer(o.ok ? o.value : ''));
  }
  expect(n.state).toBe(state);
  return n;
}

type Op = 'createOffer' | 'setRemoteOffer' | 'setRemoteAnswer' | 'createAnswer' | 'negotiate' | 'cancelOffer';

function run(n: OfferAnswerNegotiator, op: Op): { ok: boolean; reason?: string } {
  switch (op) {
    case 'createOffer':
      return n.createOffer();
    case 'setRemoteOffer':
      return n.setRemoteOffer(peerOffer());
    case 'setRemoteAnswer':
      return n.setRemoteAnswer(fixture('asterisk-answer.sdp'));
    case 'createAnswer':
      return n.createAnswer();
    case 'negotiate':
      return n.negotiate();
    case 'cancelOffer':
      return n.cancelOffer();
  }
}

describe('state table', () => {
  // expected [next state] for a legal move, or the failure reason
  const TABLE: Record<NegotiatorState, Record<Op, NegotiatorState | string>> = {
    stable: {
      createOffer: 'local-offer',
      setRemoteOffer: 'remote-offer',
      setRemoteAnswer: 'illegal-state',
      createAnswer: 'illegal-state',
      negotiate: 'illegal-state',
      cancelOffer: 'illegal-state',
    },
    'local-offer': {
      createOffer: 'illegal-state',
      setRemoteOffer: 'glare',
      setRemoteAnswer: 'wait-nego',
      createAnswer: 'illegal-state',
      negotiate: 'illegal-state',
      cancelOffer: 'stable',
    },
    'remote-offer': {
      createOffer: 'illegal-state',
      setRemoteOffer: 'illegal-state',
      setRemoteAnswer: 'illegal-state',
      createAnswer: 'wait-nego',
      negotiate: 'illegal-state',
      cancelOffer: 'stable',
    },
    'wait-nego': {
      createOffer: 'illegal-state',
      setRemoteOffer: 'illegal-state',
      setRemoteAnswer: 'illegal-state',
      createAnswer: 'illegal-state',
      negotiate: 'stable',
      cancelOffer: 'illegal-state',
    },
  };
  for (const [state, row] of Object.entries(TABLE) as Array<[NegotiatorState, Record<Op, string>]>) {
    for (const [op, expected] of Object.entries(row) as Array<[Op, string]>) {
      it(`${state} + ${op} -> ${expected}`, () => {
        const n = reach(state);
        const r = run(n, op);
        if (expected === 'illegal-state' || expected === 'glare') {
          expect(r).toMatchObject({ ok: false, reason: expected });
          expect(n.state).toBe(state); // an illegal move changes nothing
        } else {
          expect(r.ok).toBe(true);
          expect(n.state).toBe(expected);
        }
      });
    }
  }
});

describe('exchanges', () => {
  it('our offer and their answer become the active session', () => {
    const n = established();
    expect(n.state).toBe('stable');
    expect(n.media).toMatchObject({ remotePort: 50000, codec: { name: 'PCMU', pt: 0 }, direction: 'sendrecv', isHold: false });
    expect(version(n.activeLocal!)).toBe(10);
    expect(n.activeRemote).toContain('m=audio 50000');
  });

  it('their offer and our answer become the active session', () => {
    const n = negotiator();
    expect(n.setRemoteOffer(fixture('baresip-offer.sdp')).ok).toBe(true);
    const a = n.createAnswer();
    expect(a.ok && a.value).toContain('m=audio 40000 RTP/AVP 0 101');
    expect(n.state).toBe('wait-nego');
    const m = n.negotiate();
    expect(m.ok && m.value).toMatchObject({ remotePort: 10092, telephoneEventPt: 101 });
    expect(n.activeLocal).toBe(a.ok ? a.value : '');
  });

  it('an offer we cannot take: not-acceptable (488), rollback keeps the old session', () => {
    const n = established();
    const before = n.activeLocal;
    expect(n.setRemoteOffer(fixture('g729-only-offer.sdp')).ok).toBe(true);
    expect(n.createAnswer()).toMatchObject({ ok: false, reason: 'not-acceptable' });
    expect(n.state).toBe('remote-offer');
    expect(n.cancelOffer().ok).toBe(true);
    expect(n.state).toBe('stable');
    expect(n.activeLocal).toBe(before);
    expect(n.media?.remotePort).toBe(50000);
  });

  it('an answer that refuses the audio leaves the old session active', () => {
    const n = established();
    const o = n.createOffer();
    const refused = peerAnswer(o.ok ? o.value : '').replace('m=audio 50000', 'm=audio 0');
    expect(n.setRemoteAnswer(refused).ok).toBe(true);
    expect(n.negotiate()).toMatchObject({ ok: false, reason: 'answer-rejected', detail: 'rejected' });
    expect(n.state).toBe('stable');
    expect(n.media?.remotePort).toBe(50000);
  });

  it('garbage never throws and moves nothing', () => {
    const n = negotiator();
    for (const g of ['', 'junk', 'v=0\r\nm=audio x\r\n', Buffer.from([0, 1, 2, 3])]) {
      expect(() => n.setRemoteOffer(g)).not.toThrow();
      expect(n.setRemoteOffer(g)).toMatchObject({ ok: false, reason: 'bad-sdp' });
      expect(n.state).toBe('stable');
    }
    n.createOffer();
    expect(n.setRemoteAnswer('v=0\r\n')).toMatchObject({ ok: false, reason: 'bad-sdp' });
    expect(n.state).toBe('local-offer');
  });
});

describe('hold and resume (RFC 3264 §8.4)', () => {
  it('hold offers sendonly with the next version; resume offers sendrecv with the next', () => {
    const n = established();
    const hold = n.hold();
    expect(hold.ok && hold.value).toContain('a=sendonly');
    expect(version(hold.ok ? hold.value : '')).toBe(11);
    n.setRemoteAnswer(peerAnswer(hold.ok ? hold.value : ''));
    const held = n.negotiate();
    expect(held.ok && held.value).toMatchObject({ direction: 'sendonly', isHold: false });
    expect(n.isLocalHold).toBe(true);

    // a session refresh from the peer while we hold: we keep holding; the
    // answer lists one codec where the offer listed four, so it is a change
    n.setRemoteOffer(peerOffer());
    const a = n.createAnswer();
    expect(a.ok && a.value).toContain('a=sendonly');
    expect(version(a.ok ? a.value : '')).toBe(12);
    n.negotiate();
    // the same refresh again: the same answer, the same version (RFC 6337 §5.3)
    n.setRemoteOffer(peerOffer());
    const b = n.createAnswer();
    expect(version(b.ok ? b.value : '')).toBe(12);
    n.negotiate();

    const resume = n.resume();
    expect(resume.ok && resume.value).toContain('a=sendrecv');
    expect(version(resume.ok ? resume.value : '')).toBe(13);
    n.setRemoteAnswer(peerAnswer(resume.ok ? resume.value : ''));
    expect(n.negotiate().ok).toBe(true);
    expect(n.isLocalHold).toBe(false);
    expect(n.media?.direction).toBe('sendrecv');
  });

  it('when the peer already holds us, our hold is inactive', () => {
    const n = negotiator();
    n.setRemoteOffer(fixture('hold-sendonly-offer.sdp'));
    const a = n.createAnswer();
    expect(a.ok && a.value).toContain('a=recvonly');
    const m = n.negotiate();
    expect(m.ok && m.value).toMatchObject({ isHold: true, direction: 'recvonly' });
    const hold = n.hold();
    expect(hold.ok && hold.value).toContain('a=inactive');
  });

  it('a refused hold (491/488) rolls back, and the next offer still gets a new version', () => {
    const n = established();
    const hold = n.hold();
    expect(version(hold.ok ? hold.value : '')).toBe(11);
    expect(n.cancelOffer().ok).toBe(true);
    expect(n.isLocalHold).toBe(false);
    const again = n.createOffer();
    expect(again.ok && again.value).toContain('a=sendrecv');
    // differs from the refused hold offer we last sent: never reuse 11 for other content
    expect(version(again.ok ? again.value : '')).toBe(12);
  });

  it('an unchanged re-offer keeps the version; a new port bumps it', () => {
    const n = established();
    const same = n.createOffer();
    expect(version(same.ok ? same.value : '')).toBe(10);
    n.cancelOffer();
    n.setLocalMedia({ port: 40010 });
    const moved = n.createOffer();
    expect(moved.ok && moved.value).toContain('m=audio 40010');
    expect(version(moved.ok ? moved.value : '')).toBe(11);
  });

  it('glare: a remote offer during our hold offer is refused for a 491', () => {
    const n = established();
    n.hold();
    expect(n.setRemoteOffer(peerOffer())).toEqual({ ok: false, reason: 'glare' });
    expect(n.state).toBe('local-offer');
  });
});
