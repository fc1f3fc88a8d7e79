/**
 * The parser checks the Request-URI, From and To of every message without
 * building them (checkUri, nameAddrTag, tagParamStrict); the accessors build
 * them with parseUri, parseNameAddr, parseParamsStrict. Both sides must agree
 * on every input: the same valid/invalid verdict, the same tag, the same
 * "has URI headers". Checked on hand-picked edge cases, on every header
 * value of the RFC 4475 torture messages, and on seeded mutations of both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUri, nameAddrTag, parseNameAddr, parseParamsStrict, parseUri, tagParamStrict } from '../../../src/sip/message/index.js';

const CASES = [
  '<sip:alice@example.com>;tag=1928',
  '"Alice" <sip:alice@example.com>;tag=1928;x=y',
  'Alice <sip:alice@example.com>',
  'sip:alice@example.com;tag=1928',
  'sip:alice@example.com',
  '<sip:alice@example.com;transport=tcp?Subject=hi&Priority=urgent>;TAG=Ab',
  '<sip:alice@example.com>;tag',
  '<sip:alice@example.com>;tag=1;tag=2',
  '<sip:alice@example.com>;tag="quoted \\" tag"',
  '<sip:alice@example.com>;tag=abc;',
  '<sip:alice@example.com>;;tag=abc',
  '<sip:alice@example.com>;tag="open',
  '<sip:alice@example.com',
  '"unterminated <sip:a@b>',
  'Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43',
  '< sip:t.watson@example.org >',
  'sip:user@example.com?Route=%3Csip:example.com%3E',
  '<tel:+1-201-555-0123;phone-context=example.com>;tag=t',
  '<sips:[2001:db8::10]:5061;maddr=[2001:db8::1]>;tag=v6',
  '<sip:%61lice@example.com;n%61me=v%61lue%25%34%31>',
  '<sip:a@b:99999>;tag=x',
  '<mailto:alice@example.com>;tag=x',
  '<sip:a b@c>',
  '',
  ';tag=x',
  '<>;tag=x',
];

/** mulberry32, seeded: the same mutations every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function torture(): string[] {
  const dir = resolve(import.meta.dirname, '../../fixtures/sip/rfc4475');
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(resolve(dir, f), 'latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0 && !/^\s/.test(line)) out.push(line.slice(colon + 1).trim());
    }
  }
  return out;
}

function mutations(inputs: string[], count: number): string[] {
  const rnd = prng(4475);
  const noise = ['<', '>', '"', ';', '=', '?', '&', '%', '@', ':', ' ', '\\', ',', 'tag', '[', ']', '\t', 'é'];
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = inputs[Math.floor(rnd() * inputs.length)]!;
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * (s.length + 1));
      const r = rnd();
      if (r < 0.4) s = s.slice(0, at) + noise[Math.floor(rnd() * noise.length)]! + s.slice(at);
      else if (r < 0.8) s = s.slice(0, at) + s.slice(at + 1);
      else s = s.slice(0, at);
    }
    out.push(s);
  }
  return out;
}

const ALL = [...CASES, ...torture()];
const INPUTS = [...ALL, ...mutations(ALL, 20_000)];

describe('check-only parsing agrees with the full parsers', () => {
  it('nameAddrTag(text) is parseNameAddr(text)?.params.get("tag") (null: none, undefined: malformed)', () => {
    let valid = 0;
    for (const text of INPUTS) {
      const full = parseNameAddr(text);
      const expected = full === undefined ? undefined : (full.params.get('tag') ?? null);
      expect(nameAddrTag(text), text).toBe(expected);
      if (full) valid++;
    }
    // the corpus must exercise both verdicts
    expect(valid).toBeGreaterThan(1000);
    expect(INPUTS.length - valid).toBeGreaterThan(1000);
  });

  it('checkUri(text) says what parseUri(text) builds', () => {
    for (const text of INPUTS) {
      for (const uriText of [text, text.replace(/^[^<]*<|>.*$/g, '')]) {
        const full = parseUri(uriText);
        const expected = full === undefined ? undefined : full.headers.size > 0 ? 'with-headers' : 'plain';
        expect(checkUri(uriText), uriText).toBe(expected);
      }
    }
  });

  it('tagParamStrict(text, i) agrees with parseParamsStrict(text, i)', () => {
    for (const text of INPUTS) {
      const i = Math.max(0, text.indexOf(';'));
      const full = parseParamsStrict(text, i);
      expect(tagParamStrict(text, i), text).toBe(full === undefined ? undefined : (full.get('tag') ?? null));
    }
  });
});
