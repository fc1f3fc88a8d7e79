/**
 * What the phone shows to its surfaces (REST API, web pages, LCD, telnet): the
 * line and call views and the event stream. Surfaces read these and call the
 * commands on Phone; they never reach into SIP or media.
 */
import type { DialPlanRule, MemoryKeyType, TextMessage } from '../config/index.js';

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
  /**
   * The manual's fifth line status, "Line is turned on DND" (global or this line).
   * A flag beside `state`, which keeps saying whether the line is registered.
   */
  dnd?: boolean;
  /** Call forwarding in force for this line (absent: none). */
  forward?: LineForward;
  /** Auto answer in force for this line, with the manual's answer mode (absent: off). */
  autoAnswer?: AutoAnswerMode;
  /** Voice messages waiting for this line (RFC 3842 message-summary); absent until a summary came. */
  messages?: MessageWaiting;
  /** BLA on: the shared number and its dialog state (RFC 4235). */
  sharedLine?: { number: string; lamp: KeyLamp };
}

/** Forward targets as SIP URIs (the 302 Contact), per condition (manual §4 "VoIP Call Forwarding"). */
export interface LineForward {
  always?: string;
  busy?: string;
  noAnswer?: { target: string; afterRings: number };
}

/** The manual's auto-answer modes (a headless phone only reports the mode). */
export type AutoAnswerMode = 'handsfree' | 'handset' | 'headset';

/** Per-line feature state, as in the status and the `lineFeatures` event. */
export interface LineFeatureState {
  line: number;
  dnd: boolean;
  forward?: LineForward;
  autoAnswer?: AutoAnswerMode;
}

/**
 * What a call feature did to one call: refused it (ip-strategy, banlist,
 * anonymous-rejection, dnd, busy: detail = the status sent), forwarded it
 * (detail = the 302 target), let it ring beside another call (call-waiting),
 * answered it by itself (auto-answer, intercom: detail = the answer mode).
 */
export interface CallFeatureEvent {
  callId: string;
  line: number;
  feature: CallFeatureName;
  detail: string;
}

export type CallFeatureName =
  | 'ip-strategy'
  | 'banlist'
  | 'anonymous-rejection'
  | 'dnd'
  | 'busy'
  | 'forward'
  | 'call-waiting'
  | 'auto-answer'
  | 'intercom';

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
  /** In a local 3-way conference: the ids of every call in it (this one included), in joining order. */
  conference?: string[];
  /** The latest transfer of this call (we transfer it, or its far end asked us to transfer). */
  transfer?: CallTransferInfo;
}

/**
 * A transfer as the call shows it (RFC 3515 / RFC 5589). `transferor`: we sent
 * REFER and follow the transferee's NOTIFYs; `transferee`: the far end sent
 * REFER and we place the new call (`newCall`). States: trying (REFER accepted,
 * 100), ringing (18x), succeeded (2xx: the transferor's call then ends),
 * failed (REFER refused, or the new call failed: the call stays as it was).
 */
export interface CallTransferInfo {
  role: 'transferor' | 'transferee';
  state: 'trying' | 'ringing' | 'succeeded' | 'failed';
  /** Whom the transferee calls (the Refer-To URI, without its Replaces). */
  target: string;
  /** Attended: the consultation call whose dialog the new call replaces. */
  withCall?: string;
  /** The new call's last status (sipfrag), when known. */
  status?: number;
  reason?: string;
  /** Transferee: the call we placed to the target. */
  newCall?: string;
}

/** What to transfer a call to: a number or URI (blind), or another call's party (attended / to a held line). */
export type TransferRequest = { to: string } | { withCall: string };

/** The REFER's fate: accepted (progress follows in the call's `transfer`), or refused and why. */
export type TransferResult = { ok: true } | { ok: false; reason: string };

export interface PhoneStatus {
  model: PhoneModel;
  mac: string;
  version: string;
  lines: LineStatus[];
  calls: CallInfo[];
  /** Missed calls not yet viewed (the LCD's "N missed calls"). */
  missedCalls?: number;
  /** The programmable keys (memory keys, expansion modules) with their function and lamp. */
  keys?: ProgrammableKeyStatus[];
  /** Handset hook, pre-dial buffer and pending hotline. */
  hook?: HookStatus;
  /** Multicast paging sent and heard now. */
  paging?: PagingStatus;
  /** Received text messages not yet read (the LCD's envelope). */
  unreadTextMessages?: number;
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
  /** DND / forwarding / auto answer of the lines changed (settings). */
  lineFeatures: [LineFeatureState[]];
  /** A call feature acted on a call. */
  callFeature: [CallFeatureEvent];
  /** The count of unviewed missed calls changed. */
  missedCalls: [{ count: number }];
  /** A programmable key's lamp (BLF/BLA) or paging state changed. */
  key: [ProgrammableKeyStatus];
  /** A line's message-waiting indication changed (the Message key light). */
  mwi: [MwiEvent];
  /** Hook, pre-dial buffer or hotline state changed. */
  hook: [HookStatus];
  /** A page started or ended, sent or heard. */
  paging: [PagingEvent];
  /** A text message (SIP MESSAGE) arrived, or one we send changed state (sending, sent, failed). */
  textMessage: [TextMessage];
  /** The count of unread received text messages changed (received, read, deleted). */
  unreadTextMessages: [{ count: number }];
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
  /** Transfer a call (REFER, RFC 3515): blind to `to`, or attended with Replaces to `withCall`'s party (RFC 5589). */
  transfer(callId: string, request: TransferRequest): Promise<TransferResult>;
  /** Join two calls (and the handset) into a local 3-way conference (held ones are resumed). */
  conference(callId: string, withCall: string): Promise<void>;
}

// ---- keys and services (issue #4) ------------------------------------------------------

/** Voice messages of one line (RFC 3842 §5.2 Voice-Message counts). */
export interface MessageWaiting {
  /** Messages-Waiting: yes (the Message key light). */
  waiting: boolean;
  new: number;
  old: number;
  urgentNew: number;
  urgentOld: number;
}

export interface MwiEvent extends MessageWaiting {
  line: number;
}

/** A memory key's function (the keys file Type, manual §7 "Programmable Keys"). */
export type KeyFunction = MemoryKeyType;

/** The lamp of a BLF/BLA key: the watched extension's state (RFC 4235); 'unknown' while not subscribed. */
export type KeyLamp = 'idle' | 'ringing' | 'busy' | 'unknown';

export interface ProgrammableKeyStatus {
  /** "3": memory key 3; "e1-5": expansion module 1, key 5; "l2": line key 2 set to a key function (all 1-based, as the manual counts). */
  id: string;
  /** Expansion module 1..6; absent for the phone's own memory keys. */
  module?: number;
  /** A line key the Programmable Keys page gave another function (manual §7 "Line Keys"): `index` is the line key. */
  lineKey?: true;
  /** Key number, 1-based. */
  index: number;
  function: KeyFunction;
  /** The line it uses (1-based) or 'auto' (the phone picks). */
  line: number | 'auto';
  number: string;
  label: string;
  /** BLF / BLA keys. */
  lamp?: KeyLamp;
  /** Paging keys: this key's page is on the air. */
  paging?: boolean;
}

/** A programmable key: its id ("3", "e1-5", "l2"), its memory key number, or module and key. */
export type KeyRef = string | number | { module: number; index: number };

export type KeyAction = 'dialed' | 'predial' | 'dtmf' | 'pickup' | 'parked' | 'transferred' | 'paging-started' | 'paging-stopped';

export interface KeyPressResult {
  key: string;
  action: KeyAction;
  /** The call the press placed or acted on. */
  callId?: string;
}

export interface HookStatus {
  offHook: boolean;
  /** The number being dialled (manual §4: send with the send key or after the dial timeout). */
  predial?: { line?: number; digits: string };
  /** A delayed hotline will dial when this many ms have passed without a key. */
  hotlineInMs?: number;
}

export interface HookResult {
  /** What the hook change did: answered a ringing call, dialled the hot number, gave a dial tone, hung up. */
  action: 'answered' | 'hotline' | 'dial-tone' | 'none' | 'hung-up';
  callId?: string;
  hook: HookStatus;
}

export interface PreDialResult {
  hook: HookStatus;
  /** The keys completed the number (send key, max digits, send) and it was dialled. */
  callId?: string;
}

export interface PagingStatus {
  sending?: { address: string; port: number };
  hearing?: { group: number; address: string; port: number; barge: boolean };
}

export interface PagingEvent {
  direction: 'send' | 'receive';
  active: boolean;
  address: string;
  port: number;
  /** Receive: the Paging1..5 slot. */
  group?: number;
  /** Why a received page ended (timeout, preempted, call...). */
  reason?: string;
}

/** Which number of a phonebook contact to dial (a contact keeps up to three). */
export type ContactNumberKind = 'office' | 'mobile' | 'other';

/**
 * One rule of the manual's Advance > Dial Plan table: what the person dials
 * first (prefix), an optional phone to call directly by IP, and digits to
 * insert and then delete (positions count from 0 = before the first digit).
 * The table is config's (src/config/dial-plan-table.ts): the API and the
 * Escene file (`RouteTabs`) share it.
 */
export type { DialPlanRule };

/** The keys and services commands (issue #4): Phone implements them, surfaces call them. */
export interface PhoneServiceCommands {
  programmableKeys(): ProgrammableKeyStatus[];
  pressProgrammableKey(key: KeyRef): Promise<KeyPressResult>;
  /** Group pickup (pickup code), or directed pickup of `target`. */
  pickup(opts?: { target?: string; line?: number }): Promise<{ id: string }>;
  /** Park a connected call (blind transfer to the park code / extension `to`). */
  park(callId: string, to?: string): Promise<void>;
  offHook(line?: number): Promise<HookResult>;
  onHook(): Promise<HookResult>;
  predial(digits: string, opts?: { line?: number; send?: boolean }): Promise<PreDialResult>;
  clearPredial(): HookStatus;
  redial(): Promise<{ id: string }>;
  dialFromHistory(entryId: number): Promise<{ id: string }>;
  dialContact(contactId: number, which?: ContactNumberKind): Promise<{ id: string }>;
  /** The Message key: dial the line's voice-mail number. */
  dialVoicemail(line?: number): Promise<{ id: string }>;
  dialPlan(): DialPlanRule[];
  setDialPlan(rules: DialPlanRule[]): DialPlanRule[];
  /** Text messages, newest first (`direction`: only received or only sent). */
  textMessages(opts?: { direction?: 'in' | 'out'; limit?: number }): TextMessage[];
  /** Send a text message (SIP MESSAGE); resolves when the far end or a server answered. */
  sendTextMessage(to: string, text: string, opts?: { line?: number }): Promise<TextMessage>;
  /** Mark one received message read, or all when `id` is absent; how many changed. */
  markTextMessagesRead(id?: number): number;
  deleteTextMessage(id: number): boolean;
}
