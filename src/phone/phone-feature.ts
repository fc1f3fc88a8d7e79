import type { SipRequest, TransportAddress } from '../sip/index.js';
import type { IncomingCall } from '../sip-ua/index.js';
import type { Call } from './call.js';
import type { Line } from './line.js';
import type { PlaceCallOptions } from './phone-context.js';
import type { PhoneStatus } from './phone-types.js';

/**
 * A call feature of the manual (DND, forwarding, transfer, BLF keys...) as a
 * module of the phone (baresip's module idea, pjsip's fixed hook points): it
 * gets the PhoneContext when built and joins in at these named points only.
 * Features run in the order the phone lists them.
 */
export interface PhoneFeature {
  readonly name: string;
  /** After the lines exist and the SIP stack runs. */
  start?(): void | Promise<void>;
  /** Before the lines un-register. */
  stop?(): void | Promise<void>;
  /**
   * An incoming INVITE, before it rings. The first feature that returns a
   * decision wins (IP strategy, banlist, DND, forwarding, call waiting...).
   */
  screenIncoming?(invite: IncomingInvite): IncomingDecision | undefined;
  /** Every new call, both directions, after the ring/refuse decision (call log, auto answer...). */
  onCallAdded?(call: Call, invite?: IncomingInvite): void;
  /**
   * Every outgoing INVITE once its line is known (dialled, forwarded, transferred...):
   * the per-line options of the call (anonymous call...).
   */
  prepareCall?(opts: PlaceCallOptions): PlaceCallOptions;
  /** What was dialled, before it becomes a SIP URI (dial plan, hotline codes, pickup/park codes...). */
  rewriteDial?(request: DialRequest): DialRequest | DialHandled;
  /** Add this feature's view to the status (per line DND/forward, message count, key states). */
  decorateStatus?(status: PhoneStatus): void;
  /**
   * A new out-of-dialog request the SIP stack does not answer itself (MESSAGE,
   * RFC 3428). A feature that takes it answers through `respond` and returns
   * true; when none does, the stack answers 405.
   */
  onRequest?(request: IncomingRequest): boolean;
}

/** An out-of-dialog request as the features see it, on the line it was addressed to. */
export interface IncomingRequest {
  request: SipRequest;
  source: TransportAddress;
  line: Line;
  respond(status: number, opts?: { reason?: string; headers?: Array<[string, string]> }): void;
}

/** An incoming call as the screening features see it. */
export interface IncomingInvite {
  call: Call;
  session: IncomingCall;
  line: Line;
  request: SipRequest;
  source: TransportAddress;
  /** The caller hides its identity (anonymous From or Privacy: id, RFC 3323). */
  anonymous: boolean;
}

export type IncomingDecision =
  | { action: 'reject'; status: number; reason?: string }
  /** 302 to this URI (call forwarding, RFC 3261 §21.3.3). */
  | { action: 'redirect'; target: string }
  | { action: 'ring' };

export interface DialRequest {
  /** What the person dialled (digits, user@host, URI, IP). */
  to: string;
  line?: number;
  /** Extra SIP headers for the INVITE (intercom: Alert-Info / Call-Info). */
  headers?: Array<[string, string]>;
  /** Hide our identity on this call (the manual's "Anonymous Call"). */
  anonymous?: boolean;
}

/** A dial request a feature carried out itself (e.g. a code it acted on). */
export interface DialHandled {
  action: 'handled';
  callId?: string;
}

export function isDialHandled(r: DialRequest | DialHandled): r is DialHandled {
  return (r as DialHandled).action === 'handled';
}
