/**
 * Loading and checking helpers for the RFC 4475 fixture tests
 * (tests/fixtures/sip/rfc4475, one wire-exact message per file).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import {
  parseMessage,
  serializeMessage,
  type ParseResult,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../src/sip/message/index.js';

const DIR = resolve(import.meta.dirname, '../../fixtures/sip/rfc4475');

export function raw(name: string): Buffer {
  return readFileSync(resolve(DIR, `${name}.sip`));
}

export function parse(name: string): ParseResult {
  return parseMessage(raw(name));
}

export function request(name: string): SipRequest {
  const r = parse(name);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  expect(r.message.kind).toBe('request');
  return r.message as SipRequest;
}

export function response(name: string): SipResponse {
  const r = parse(name);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  expect(r.message.kind).toBe('response');
  return r.message as SipResponse;
}

export function rejected(name: string): Extract<ParseResult, { ok: false }> {
  const r = parse(name);
  expect(r.ok).toBe(false);
  return r as Extract<ParseResult, { ok: false }>;
}

/** Serialize and parse again: the result must carry the same information. */
export function roundTrip(msg: SipMessage): SipMessage {
  const again = parseMessage(serializeMessage(msg));
  if (!again.ok) throw new Error(`re-parse failed: ${again.reason}`);
  expect(again.message.headers.size).toBe(msg.headers.size);
  expect([...again.message.headers.entries()].filter(([n]) => n !== 'Content-Length')).toEqual(
    [...msg.headers.entries()].filter(([n]) => n !== 'Content-Length'),
  );
  expect(again.message.body.equals(msg.body)).toBe(true);
  return again.message;
}

