/**
 * Base of every error the project throws on purpose. Each layer keeps its own
 * catalogue of stable codes (SIP_TSX_TIMEOUT, CFG_RANGE, ...); callers branch on
 * `code`, people read `message`.
 */
export class SayhiError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SayhiError';
    this.code = code;
  }
}

/** Expected outcomes are values, not exceptions (STYLE.md "Errors"). */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; reason: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function fail<E>(reason: E): Result<never, E> {
  return { ok: false, reason };
}
