import { SayhiError } from '../base/index.js';

/** The phone layer's error catalogue: surfaces map codes to HTTP/LCD/telnet messages. */
export type PhoneErrorCode =
  | 'PHONE_NO_SUCH_CALL'
  | 'PHONE_BAD_STATE'
  | 'PHONE_BAD_TARGET'
  | 'PHONE_NO_SUCH_LINE'
  | 'PHONE_LINE_BUSY'
  | 'PHONE_BAD_DIGITS';

export class PhoneError extends SayhiError {
  declare readonly code: PhoneErrorCode;

  constructor(code: PhoneErrorCode, message: string) {
    super(code, message);
    this.name = 'PhoneError';
  }
}
