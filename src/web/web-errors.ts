import { SayhiError } from '../base/index.js';
import type { PhoneErrorCode } from '../phone/index.js';

/** Error catalogue of the HTTP surface: stable codes, HTTP status. */
export const WEB_ERRORS = {
  WEB_AUTH_REQUIRED: 401,
  WEB_FORBIDDEN: 403,
  WEB_NOT_FOUND: 404,
  WEB_VALIDATION: 400,
  WEB_CONFLICT: 409,
  WEB_UNSUPPORTED_MEDIA: 415,
} as const;

export type WebErrorCode = keyof typeof WEB_ERRORS;

export class WebError extends SayhiError {
  readonly status: number;
  constructor(code: WebErrorCode, message: string) {
    super(code, message);
    this.status = WEB_ERRORS[code];
  }
}

/**
 * Phone error codes → HTTP status. A line number only ever arrives in a request
 * body, so a line that does not exist is a bad request, not a missing resource.
 * Typed over the whole catalogue: a new phone error code must be given a status here.
 */
export const PHONE_ERROR_STATUS: Record<PhoneErrorCode, number> = {
  PHONE_NO_SUCH_CALL: 404,
  PHONE_NO_SUCH_LINE: 400,
  PHONE_BAD_STATE: 409,
  PHONE_LINE_BUSY: 409,
  PHONE_BAD_TARGET: 400,
  PHONE_BAD_DIGITS: 400,
};
