import { describe, expect, it } from 'vitest';
import { parseDialTarget } from '../../../src/phone/index.js';
import { formatUri } from '../../../src/sip/index.js';

function dialled(input: string, pound?: 'hash' | 'escaped', transport: 'udp' | 'tcp' | 'tls' = 'udp'): string {
  const r = parseDialTarget(input, 'pbx.example.com', transport, pound);
  if (!r.ok) throw new Error(r.reason);
  return formatUri(r.uri);
}

describe('what the person dialled, as a SIP URI', () => {
  it('numbers go to the line\'s server; the send key "#" at the end is not part of them', () => {
    expect(dialled('1002')).toBe('sip:1002@pbx.example.com');
    expect(dialled('1002#')).toBe('sip:1002@pbx.example.com');
    expect(dialled('1002', undefined, 'tcp')).toBe('sip:1002@pbx.example.com;transport=tcp');
    expect(dialled('1002', undefined, 'tls')).toBe('sips:1002@pbx.example.com');
  });

  it('IP dialling: an address, or the keypad form with * for dots', () => {
    expect(dialled('127.0.0.1:5070')).toBe('sip:127.0.0.1:5070');
    expect(dialled('127*0*0*1*5070')).toBe('sip:127.0.0.1:5070');
    expect(parseDialTarget('300*0*0*1', 'x', 'udp')).toEqual({ ok: false, reason: '"300*0*0*1" is not an IP address' });
  });

  it('Pound Send Method: a "#" inside a code goes as %23 by default (RFC 3261 §25.1), raw with "hash"', () => {
    expect(dialled('#28#123')).toBe('sip:%2328%23123@pbx.example.com');
    expect(dialled('#28#123', 'escaped')).toBe('sip:%2328%23123@pbx.example.com');
    expect(dialled('#28#123', 'hash')).toBe('sip:#28#123@pbx.example.com');
    // user@host as typed: the '#' is escaped (or not) the same way
    expect(dialled('#28#123@127.0.0.1:5070')).toBe('sip:%2328%23123@127.0.0.1:5070');
    expect(dialled('#28#123@127.0.0.1:5070', 'hash')).toBe('sip:#28#123@127.0.0.1:5070');
    // a full URI is sent as written
    expect(dialled('sip:%2328@127.0.0.1', 'hash')).toBe('sip:%2328@127.0.0.1');
  });

  it('refuses what cannot be called, with the reason', () => {
    expect(parseDialTarget('  ', 'x', 'udp')).toEqual({ ok: false, reason: 'nothing to dial' });
    expect(parseDialTarget('1002', undefined, 'udp')).toEqual({
      ok: false,
      reason: 'no SIP server on this line: dial user@host or an IP address',
    });
    expect(parseDialTarget('a b', 'x', 'udp')).toEqual({ ok: false, reason: 'cannot call "a b"' });
  });
});
