import { BACKGROUND_HEADER, CSRF_HEADER, FETCH_MARK_HEADER, LOGIN_PATH } from '../../src/web/admin-pages.js';

/**
 * fetch() for the phone's own pages: JSON in and out, the session's CSRF token on
 * every change, the mark that stops the server sending a Basic challenge (no
 * browser login popup), and one reaction to a lost session: back to the login page.
 */
export interface FieldError {
  key: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The session is over: go to the login page and come back here afterwards. */
export function toLogin(reason?: string): void {
  const next = encodeURIComponent(location.pathname + location.search);
  location.assign(`${LOGIN_PATH}?next=${next}${reason ? `&ended=${encodeURIComponent(reason)}` : ''}`);
}

export interface RequestOptions {
  /** JSON body (objects) or raw text (XML uploads). */
  body?: unknown;
  contentType?: string;
  /** A poll the person did not make: does not keep the session alive. */
  background?: boolean;
  /** Answer as text instead of JSON. */
  text?: boolean;
}

export async function api<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { [FETCH_MARK_HEADER]: 'fetch', accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers[CSRF_HEADER] = csrfToken;
  if (opts.background) headers[BACKGROUND_HEADER] = '1';
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    body = typeof opts.body === 'string' && opts.contentType ? opts.body : JSON.stringify(opts.body);
  } else if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  const url = path.startsWith('/api/') || path === LOGIN_PATH || path === '/logout' ? path : `/api/v1${path}`;
  const res = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  const type = res.headers.get('content-type') ?? '';
  if (res.ok) {
    if (opts.text || !type.includes('json')) return (await res.text()) as T;
    return (await res.json()) as T;
  }
  const data = type.includes('json') ? ((await res.json()) as Record<string, unknown>) : { message: await res.text() };
  if (res.status === 401 && path !== LOGIN_PATH) {
    toLogin();
  }
  const errors = Array.isArray(data.errors) ? (data.errors as FieldError[]).filter((e) => typeof e?.reason === 'string') : [];
  throw new ApiError(res.status, String(data.error ?? `HTTP_${res.status}`), String(data.message ?? res.statusText), errors, data);
}

/** Save a text answer as a file (downloads of the config, phonebook, keys, log). */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const text = await api<string>('GET', path, { text: true });
  const blob = new Blob([text], { type: filename.endsWith('.xml') ? 'application/xml' : 'text/plain' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
