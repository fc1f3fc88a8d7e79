/**
 * Header grammar: SIP/SIPS/tel URIs (RFC 3261 §19.1, §25.1; RFC 3966),
 * URI comparison (§19.1.4, with the RFC's own examples), name-addr (§20.10),
 * Via (§20.42), CSeq (§20.16), generic parameters and list splitting
 * (§7.3.1). Each test names the rule it proves; malformed inputs must come
 * back as undefined, never throw.
 */
import { describe, expect, it } from 'vitest';
import {
  BRANCH_COOKIE,
  escapeUserPart,
  formatHost,
  formatNameAddr,
  formatParams,
  formatUri,
  formatVia,
  makeUri,
  parseCSeq,
  parseNameAddr,
  parseParams,
  parseParamsStrict,
  parseUri,
  parseVia,
  quoteString,
  readQuoted,
  splitHeaderList,
  unescapeUri,
  uriEquals,
  type SipUri,
} from '../../../src/sip/message/index.js';

function uri(text: string): SipUri {
  const u = parseUri(text);
  if (!u) throw new Error(`does not parse: ${text}`);
  return u;
}

describe('parseUri', () => {
  it('reads every part of a full SIP URI', () => {
    const u = uri('sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent');
    expect(u.scheme).toBe('sips');
    expect(u.user).toBe('alice');
    expect(u.password).toBe('secret');
    expect(u.host).toBe('atlanta.example.com');
    expect(u.port).toBe(5061);
    expect([...u.params]).toEqual([
      ['transport', 'tcp'],
      ['lr', null],
    ]);
    expect([...u.headers]).toEqual([
      ['subject', 'project x'],
      ['priority', 'urgent'],
    ]);
  });

  it('IPv6 references: brackets stripped from host, port after them', () => {
    expect(uri('sip:[::1]:5060')).toMatchObject({ host: '::1', port: 5060 });
    expect(uri('sip:alice@[2001:db8::10];transport=udp')).toMatchObject({ user: 'alice', host: '2001:db8::10' });
    expect(parseUri('sip:[::1')).toBeUndefined();
    expect(parseUri('sip:[fe80::zz]')).toBeUndefined();
    expect(formatUri(uri('sip:[::1]:5060'))).toBe('sip:[::1]:5060');
    expect(formatHost('2001:db8::1')).toBe('[2001:db8::1]');
    expect(formatHost('[::1]')).toBe('[::1]');
    expect(formatHost('192.0.2.1')).toBe('192.0.2.1');
  });

  it('scheme is case-insensitive; unknown schemes and junk are rejected', () => {
    expect(uri('SIP:bob@Biloxi.example.com').scheme).toBe('sip');
    for (const bad of [
      'http://example.com',
      'sip:',
      'sip:@example.com',
      'sip:alice@',
      'sip:alice@example.com:99999',
      'sip:alice@example.com:',
      'sip:alice@example.com;',
      'sip:alice@exa mple.com',
      'sip:alice@example.com; lr',
      'sip:al"ice@example.com',
      'sip:alice@example.com?',
      'sip:alice@example.com?noequals',
      'nocolon',
      ':nothing',
    ]) {
      expect(parseUri(bad), bad).toBeUndefined();
    }
  });

  it('user part may hold ";", "?" and "/" (RFC 4475 semiuri, intmeth); the first "@" ends it', () => {
    const u = uri('sip:user;par=u%40example.net@example.com;maddr=192.0.2.1');
    expect(u.user).toBe('user;par=u%40example.net');
    expect(u.host).toBe('example.com');
    expect([...u.params]).toEqual([['maddr', '192.0.2.1']]);
    expect(uri('sip:a?b/c@example.com').user).toBe('a?b/c');
    expect(uri('sip:*72#@pbx.example.com').user).toBe('*72#');
  });

  it('tel-style user with a password-looking part (RFC 3261 §19.1.1)', () => {
    const u = uri('sip:+1-212-555-1212:1234@gateway.com;user=phone');
    expect(u.user).toBe('+1-212-555-1212');
    expect(u.password).toBe('1234');
    expect(u.params.get('user')).toBe('phone');
  });

  it('parameters and headers are unescaped on input and escaped on output', () => {
    const u = uri('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31?Route=%3Csip:example.com%3E');
    expect(u.user).toBe('cal%6Cer');
    expect(u.params.get('lr')).toBeNull();
    expect(u.params.get('name')).toBe('value%41');
    expect(u.headers.get('Route')).toBe('<sip:example.com>');
    const again = uri(formatUri(u));
    expect(again.params.get('name')).toBe('value%41');
    expect(again.headers.get('Route')).toBe('<sip:example.com>');
    expect(formatUri(u)).toBe('sip:cal%6Cer@host5.example.net;lr;name=value%2541?Route=%3Csip:example.com%3E');
  });

  it('tel URIs (RFC 3966)', () => {
    const t = uri('tel:+1-201-555-0123;phone-context=example.com');
    expect(t).toMatchObject({ scheme: 'tel', user: '+1-201-555-0123', host: '' });
    expect(t.params.get('phone-context')).toBe('example.com');
    expect(formatUri(t)).toBe('tel:+1-201-555-0123;phone-context=example.com');
    expect(parseUri('tel:')).toBeUndefined();
    expect(parseUri('tel:12 34')).toBeUndefined();
    expect(uriEquals(uri('tel:+1-201-555-0123'), uri('tel:+12015550123'))).toBe(true);
    expect(uriEquals(uri('tel:+1-201-555-0123'), uri('tel:+12015550124'))).toBe(false);
  });

  it('makeUri builds what formatUri writes', () => {
    const u = makeUri({ user: '1001', host: '192.0.2.20', port: 5060, params: { transport: 'tcp', lr: null } });
    expect(formatUri(u)).toBe('sip:1001@192.0.2.20:5060;transport=tcp;lr');
    expect(formatUri(makeUri({ host: '[2001:db8::1]', headers: { Replaces: 'abc;to-tag=1;from-tag=2' } }))).toBe(
      'sip:[2001:db8::1]?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2',
    );
  });

  it('escapeUserPart escapes what a user part may not hold', () => {
    expect(escapeUserPart('*72#')).toBe('*72%23');
    expect(escapeUserPart('alice smith')).toBe('alice%20smith');
    expect(escapeUserPart('100%')).toBe('100%25');
    expect(escapeUserPart('josé')).toBe('jos%C3%A9');
    expect(escapeUserPart("+1-212;x=1?/&=+$,!~*'()")).toBe("+1-212;x=1?/&=+$,!~*'()");
    const u = makeUri({ user: escapeUserPart('a@b'), host: 'example.com' });
    expect(formatUri(u)).toBe('sip:a%40b@example.com');
    expect(unescapeUri(parseUri(formatUri(u))!.user!)).toBe('a@b');
  });

  it('unescapeUri leaves a "%" that is not an escape alone and decodes UTF-8', () => {
    expect(unescapeUri('%Z%45')).toBe('%ZE');
    expect(unescapeUri('a%20b%')).toBe('a b%');
    expect(unescapeUri('%C3%A9t%C3%A9')).toBe('été');
    expect(unescapeUri('plain')).toBe('plain');
  });
});

describe('uriEquals (RFC 3261 §19.1.4 examples)', () => {
  const equal: Array<[string, string]> = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
  ];
  const different: Array<[string, string]> = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com;maddr=239.255.255.1', 'sip:alice@atlanta.com'],
  ];
  it.each(equal)('%s == %s', (a, b) => {
    expect(uriEquals(uri(a), uri(b))).toBe(true);
    expect(uriEquals(uri(b), uri(a))).toBe(true);
  });
  it.each(different)('%s != %s', (a, b) => {
    expect(uriEquals(uri(a), uri(b))).toBe(false);
    expect(uriEquals(uri(b), uri(a))).toBe(false);
  });
});

describe('parseNameAddr', () => {
  it('quoted display name with escaped quotes and backslashes', () => {
    const na = parseNameAddr('"Mr. \\"Q\\" \\\\ Smith" <sip:q@example.com>;tag=x1')!;
    expect(na.displayName).toBe('Mr. "Q" \\ Smith');
    expect(na.uri.user).toBe('q');
    expect(na.params.get('tag')).toBe('x1');
    expect(parseNameAddr(formatNameAddr(na))).toEqual(na);
  });

  it('token display name, and none', () => {
    expect(parseNameAddr('Alice Smith <sip:alice@example.com>')!.displayName).toBe('Alice Smith');
    expect(parseNameAddr('<sip:alice@example.com>')!.displayName).toBeUndefined();
    expect(parseNameAddr('"" <sip:alice@example.com>')!.displayName).toBe('');
  });

  it('addr-spec: parameters after the URI belong to the header, not the URI', () => {
    const na = parseNameAddr('sip:alice@example.com;tag=1928;expires=60')!;
    expect(na.uri.params.size).toBe(0);
    expect([...na.params]).toEqual([
      ['tag', '1928'],
      ['expires', '60'],
    ]);
    expect(formatNameAddr(na)).toBe('<sip:alice@example.com>;tag=1928;expires=60');
  });

  it('name-addr: URI parameters stay in the URI, header parameters outside', () => {
    const na = parseNameAddr(' <sip:alice@example.com;transport=tcp> ; expires = 60 ; +sip.instance="<urn:uuid:1>"')!;
    expect(na.uri.params.get('transport')).toBe('tcp');
    expect(na.params.get('expires')).toBe('60');
    expect(na.params.get('+sip.instance')).toBe('<urn:uuid:1>');
  });

  it('rejects broken forms', () => {
    for (const bad of [
      '"Unterminated <sip:a@example.com>',
      '"Alice" sip:a@example.com',
      '<sip:a@example.com',
      '<sip:a@example.com>;;tag=1',
      '<sip:a@example.com>;tag=1;;',
      '<sip:a@example.com>;',
      '<sip:a@example.com> junk',
      '<http://example.com>',
      'Ali"ce <sip:a@example.com>',
      '',
      '*',
    ]) {
      expect(parseNameAddr(bad), bad).toBeUndefined();
    }
  });

  it('formatNameAddr quotes display names and keeps CR/LF out of them', () => {
    const s = formatNameAddr({ displayName: 'Evil\r\nVia: x', uri: uri('sip:a@example.com'), params: new Map() });
    expect(s).toBe('"Evil  Via: x" <sip:a@example.com>');
    expect(quoteString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  });

  it('UTF-8 display names round trip', () => {
    const na = parseNameAddr('"Jürgen Müller 李" <sip:jm@example.com>;tag=9')!;
    expect(na.displayName).toBe('Jürgen Müller 李');
    expect(parseNameAddr(formatNameAddr(na))!.displayName).toBe('Jürgen Müller 李');
  });
});

describe('parseVia', () => {
  it('received, rport (with and without value) and branch', () => {
    const v = parseVia('SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5062;received=192.0.2.99')!;
    expect(v).toMatchObject({ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.10', port: 5060 });
    expect(v.params.get('branch')!.startsWith(BRANCH_COOKIE)).toBe(true);
    expect(v.params.get('rport')).toBe('5062');
    expect(v.params.get('received')).toBe('192.0.2.99');
    expect(parseVia('SIP/2.0/TCP client.example.com;rport;branch=z9hG4bKx')!.params.get('rport')).toBeNull();
  });

  it('IPv6 sent-by and an unbracketed IPv6 received', () => {
    const v = parseVia('SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3-111;received=2001:db8::9:255')!;
    expect(v.host).toBe('2001:db8::9:1');
    expect(v.port).toBe(5070);
    expect(v.params.get('received')).toBe('2001:db8::9:255');
    expect(formatVia(v)).toBe('SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3-111;received=2001:db8::9:255');
  });

  it('odd whitespace and case (RFC 4475 wsinv)', () => {
    const v = parseVia('sip  /    2.0   / udp  192.168.255.111 :  5060  ; branch=   z9hG4bK30239 ; ttl = 16')!;
    expect(v).toMatchObject({ protocol: 'SIP/2.0', transport: 'UDP', host: '192.168.255.111', port: 5060 });
    expect(v.params.get('branch')).toBe('z9hG4bK30239');
    expect(v.params.get('ttl')).toBe('16');
  });

  it('rejects broken Vias', () => {
    for (const bad of [
      '',
      'SIP/2.0/UDP',
      'SIP/2.0 UDP host',
      'SIP/2.0/UDPhost',
      'SIP/2.0/UDP host:',
      'SIP/2.0/UDP host:70000',
      'SIP/2.0/UDP host;;branch=x',
      'SIP/2.0/UDP host;branch=',
      'SIP/2.0/UDP host junk',
      'SIP/2.0/UDP [::1',
      'SIP/2.0/UDP host;branch="unterminated',
    ]) {
      expect(parseVia(bad), bad).toBeUndefined();
    }
  });
});

describe('parseCSeq', () => {
  it('number and method, leading zeros, 32-bit limit', () => {
    expect(parseCSeq('4711 INVITE')).toEqual({ seq: 4711, method: 'INVITE' });
    expect(parseCSeq('  0009   INVITE ')).toEqual({ seq: 9, method: 'INVITE' });
    expect(parseCSeq('4294967295 ACK')).toEqual({ seq: 4294967295, method: 'ACK' });
    for (const bad of ['4294967296 ACK', '36893488147419103232 REGISTER', 'INVITE', '1', '1 INVITE x', '-1 INVITE', '1INVITE', '1 INV"ITE']) {
      expect(parseCSeq(bad), bad).toBeUndefined();
    }
  });
});

describe('parameters', () => {
  it('parseParams is lenient: leading ";" optional, empties skipped, quotes resolved', () => {
    expect([...parseParams(';a=b;;C;d="q;s \\"x\\""; e = f ')]).toEqual([
      ['a', 'b'],
      ['c', null],
      ['d', 'q;s "x"'],
      ['e', 'f'],
    ]);
    expect(parseParams('').size).toBe(0);
    expect([...parseParams('charset=UTF-8')]).toEqual([['charset', 'UTF-8']]);
  });

  it('parseParamsStrict follows generic-param exactly', () => {
    expect([...parseParamsStrict(' ; Tag = abc ; lr ; q=0.5;received=[2001:db8::1]')!]).toEqual([
      ['tag', 'abc'],
      ['lr', null],
      ['q', '0.5'],
      ['received', '[2001:db8::1]'],
    ]);
    expect(parseParamsStrict('')!.size).toBe(0);
    for (const bad of ['tag=1', ';', ';;a', ';a=', ';a="x', ';a=b c', ';a b', ';=b', ';a=b;;', ';a;;b']) {
      expect(parseParamsStrict(bad), bad).toBeUndefined();
    }
    // One trailing ';' is forgiven (deployed phones send "tag=abc;").
    expect([...parseParamsStrict(';tag=abc; ')!]).toEqual([['tag', 'abc']]);
  });

  it('formatParams quotes only what needs quoting', () => {
    const p = new Map<string, string | null>([
      ['tag', 'a1'],
      ['lr', null],
      ['received', '2001:db8::1'],
      ['text', 'two words'],
      ['empty', ''],
      ['q', 'say "hi"'],
    ]);
    expect(formatParams(p)).toBe(';tag=a1;lr;received=2001:db8::1;text="two words";empty="";q="say \\"hi\\""');
    expect(parseParamsStrict(formatParams(p))).toEqual(p);
  });

  it('readQuoted reports whether the quote was closed', () => {
    expect(readQuoted('"a\\"b" rest', 0)).toEqual({ value: 'a"b', end: 6, closed: true });
    expect(readQuoted('"open', 0)).toEqual({ value: 'open', end: 5, closed: false });
    expect(readQuoted('"trailing\\', 0).closed).toBe(false);
  });
});

describe('splitHeaderList', () => {
  it('splits on top-level commas only', () => {
    expect(splitHeaderList('"Doe, John" <sip:j@example.com>;q=0.5, <sip:k@example.com;x=a,b>, sip:l@example.com')).toEqual([
      '"Doe, John" <sip:j@example.com>;q=0.5',
      '<sip:k@example.com;x=a,b>',
      'sip:l@example.com',
    ]);
    expect(splitHeaderList('INVITE, ACK ,BYE')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(splitHeaderList('"a \\" , b", c')).toEqual(['"a \\" , b"', 'c']);
  });

  it('empty elements are dropped, or kept when asked', () => {
    expect(splitHeaderList('a,,b, ')).toEqual(['a', 'b']);
    expect(splitHeaderList('a,,b, ', true)).toEqual(['a', '', 'b', '']);
    expect(splitHeaderList(';,;,,', true)).toEqual([';', ';', '', '']);
  });

  it('deep or unbalanced <> and quotes do not break it', () => {
    const deep = '<'.repeat(5000) + 'x,y' + '>'.repeat(5000);
    expect(splitHeaderList(`${deep}, z`)).toEqual([deep, 'z']);
    expect(splitHeaderList('>>>a, b')).toEqual(['>>>a', 'b']);
    expect(splitHeaderList('"never closed, a, b')).toEqual(['"never closed, a, b']);
  });
});
