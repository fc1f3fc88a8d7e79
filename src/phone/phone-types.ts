/**
 * What the phone shows to its surfaces (REST API, web pages, LCD, telnet): the
 * line and call views and the event stream. Surfaces read these and call the
 * commands on Phone; they never reach into SIP or media.
 */

export type PhoneModel = 'ES320' | 'ES330';

/**
 * Line status, after the manual's five status-bar states (§3 "Line status"):
 * disconnected from the network, peer-to-peer only, unregistered, registered, DND.
 * We add the transitional and failure states a PBX engineer needs to see.
 */
export type LineState =
  | 'disabled' // line switched off (or no account configured)
  | 'peer-to-peer' // no server: direct calls by IP only
  | 'registering'
  | 'registered'
  | 'unregistered' // configured, not (yet / any more) registered
  | 'auth-failed' // the server rejected our credentials
  | 'failed'; // no answer / transport error / rejected; retried every polling interval

export interface LineStatus {
  line: number;
  user: string;
  server: string;
  transport: 'udp' | 'tcp' | 'tls';
  registered: boolean;
  state: LineState;
  /** Why the last attempt failed, when state is auth-failed / failed. */
  reason?: string;
  /** Seconds the registrar granted, when registered. */
  expires?: number;
}

export type CallState = 'dialing' | 'ringing' | 'early' | 'connected' | 'held' | 'ended';

export interface CallInfo {
  id: string;
  line: number;
  direction: 'incoming' | 'outgoing';
  /** The other party's URI (From of an incoming call, the dialled target of an outgoing one). */
  remote: string;
  remoteName?: string;
  state: CallState;
  /** Negotiated audio codec ('PCMU', 'PCMA', 'G722'), once known. */
  codec?: string;
  /** Why it ended: 'local hangup', 'remote hangup', '486 Busy Here', 'cancelled'... */
  endReason?: string;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
}

export interface PhoneStatus {
  model: PhoneModel;
  mac: string;
  version: string;
  lines: LineStatus[];
  calls: CallInfo[];
}

export interface DtmfEvent {
  callId: string;
  digit: string;
  /** How it arrived: RFC 4733 telephone-event, SIP INFO, or detected in-band. */
  method: 'rfc4733' | 'sip-info' | 'inband';
}

/** The phone's event stream (baresip's bevent idea: one closed set of events). */
export type PhoneEvents = {
  registration: [LineStatus];
  call: [CallInfo];
  dtmf: [DtmfEvent];
};

/** Commands every surface may issue. Errors are PhoneError with a stable code. */
export interface PhoneCommands {
  status(): PhoneStatus;
  calls(): CallInfo[];
  dial(to: string, opts?: { line?: number }): Promise<{ id: string }>;
  answer(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  reject(callId: string, status?: number): Promise<void>;
  sendDtmf(callId: string, digits: string): Promise<void>;
  /** Hold / resume a call by re-INVITE; false when the far end refused. */
  hold(callId: string): Promise<boolean>;
  resume(callId: string): Promise<boolean>;
}
