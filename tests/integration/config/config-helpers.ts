/**
 * Helpers for the configuration integration tests: the lab Kamailio (waiting a
 * bounded while when another test process holds its fixed ports), a free phone
 * slot of the port plan, JSON/XML calls to a phone's API and bounded polling.
 */
import { sleep } from '../../../src/base/index.js';
import { PHONE_SLOT_COUNT, phonePorts, portIsFree, startKamailio, type Kamailio, type PhonePorts } from '../../lab/index.js';

export const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;

/** Kamailio on its lab ports; another test process may hold them for a few seconds (bounded retry). */
export async function startLabKamailio(): Promise<Kamailio> {
  const end = Date.now() + 45_000;
  for (;;) {
    try {
      return await startKamailio();
    } catch (err) {
      if (!/already in use/.test(String(err)) || Date.now() > end) throw err;
      await sleep(1000);
    }
  }
}

/** A phone slot whose SIP ports are free now, preferring `preferred`. */
export async function freePhonePorts(preferred: number): Promise<PhonePorts> {
  for (let i = 0; i < PHONE_SLOT_COUNT; i++) {
    const p = phonePorts((preferred + i) % PHONE_SLOT_COUNT);
    const free = await Promise.all([
      portIsFree({ port: p.sipPort, proto: 'udp' }),
      portIsFree({ port: p.sipPort, proto: 'tcp' }),
      portIsFree({ port: p.sipPort + 2, proto: 'tcp' }),
    ]);
    if (free.every(Boolean)) return p;
  }
  throw new Error('no free phone slot in the lab port plan (tests/lab/ports.ts)');
}

export interface ApiAnswer<T> {
  status: number;
  json: T;
  text: string;
}

/** One call to the phone's REST API as the admin; `xml` sends a raw XML body. */
export async function callApi<T = Record<string, unknown>>(
  base: string,
  method: 'GET' | 'PUT' | 'PATCH',
  path: string,
  body?: { json?: unknown; xml?: string },
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { authorization: ADMIN };
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.xml !== undefined) {
    headers['content-type'] = 'application/xml';
    payload = body.xml;
  }
  const res = await fetch(`${base}/api/v1${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as T, text };
}

/** Poll `fn` until it returns something truthy (bounded, 50 ms apart). */
export async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(50);
  }
}
