import type { Result } from '../../base/index.js';
import { childNamed, readXml, type XmlElement, type XmlLimits } from './xml-reader.js';

/**
 * The dialog event package's body, application/dialog-info+xml (RFC 4235
 * §4): a <dialog-info> document with a version, full or partial state, the
 * watched entity, and one <dialog> per INVITE dialog of that entity. Pure:
 * bytes in, a typed document or a reason out.
 */

export const DIALOG_INFO_NS = 'urn:ietf:params:xml:ns:dialog-info';
export const DIALOG_INFO_TYPE = 'application/dialog-info+xml';

/** §4.1.2: the <state> values (an extension of the RFC 3261 dialog states). */
export type DialogInfoStateValue = 'trying' | 'proceeding' | 'early' | 'confirmed' | 'terminated';

const STATE_VALUES: ReadonlySet<string> = new Set(['trying', 'proceeding', 'early', 'confirmed', 'terminated']);

/** §4.1.6: local or remote participant. */
export interface DialogParticipant {
  /** <identity>: the participant's URI. */
  identity?: string;
  /** <identity display="...">. */
  display?: string;
  /** <target uri="...">: its Contact. */
  target?: string;
}

export interface DialogInfoDialog {
  /** §4.1.1: the dialog's id within this document (required). */
  id: string;
  callId?: string;
  localTag?: string;
  remoteTag?: string;
  /** §4.1.1: did the entity send the INVITE (initiator) or get it (recipient)? */
  direction?: 'initiator' | 'recipient';
  state: DialogInfoStateValue;
  /** §4.1.2: <state event="..."> (cancelled, rejected, replaced, local-bye, remote-bye, error, timeout). */
  event?: string;
  /** §4.1.2: <state code="..."> the response code that ended it. */
  code?: number;
  /** §4.1.3: seconds since the dialog was created. */
  duration?: number;
  local?: DialogParticipant;
  remote?: DialogParticipant;
}

export interface DialogInfo {
  /** §4.1: increases by one with every document in a subscription. */
  version: number;
  state: 'full' | 'partial';
  entity: string;
  dialogs: DialogInfoDialog[];
}

/** Largest body we read (a BLF NOTIFY is well under 4 KiB; a notifier sending more is broken). */
export const MAX_DIALOG_INFO_BYTES = 65_536;

export function parseDialogInfo(body: Buffer | string, limits: Partial<XmlLimits> = {}): Result<DialogInfo> {
  const size = body.length;
  if (size === 0) return { ok: false, reason: 'empty body' };
  if (size > MAX_DIALOG_INFO_BYTES) return { ok: false, reason: `body of ${size} bytes is larger than ${MAX_DIALOG_INFO_BYTES}` };
  const xml = readXml(typeof body === 'string' ? body : body.toString('utf8'), limits);
  if (!xml.ok) return { ok: false, reason: `not XML: ${xml.reason}` };
  const root = xml.value;
  // a document without the namespace is read too (some PBXs leave it out); another namespace is not ours
  if (root.name !== 'dialog-info' || (root.ns !== undefined && root.ns !== DIALOG_INFO_NS)) {
    return { ok: false, reason: `root element is <${root.name}>${root.ns ? ` in ${root.ns}` : ''}, not <dialog-info>` };
  }
  const version = nonNegativeInt(root.attrs.get('version'));
  if (version === undefined) return { ok: false, reason: `bad or missing version "${root.attrs.get('version') ?? ''}"` };
  const state = root.attrs.get('state');
  if (state !== 'full' && state !== 'partial') return { ok: false, reason: `bad or missing state "${state ?? ''}"` };
  const entity = root.attrs.get('entity');
  if (!entity) return { ok: false, reason: 'missing entity' };
  const dialogs: DialogInfoDialog[] = [];
  for (const el of root.children) {
    // §4.1: elements of other namespaces are extensions we may ignore
    if (el.ns !== root.ns || el.name !== 'dialog') continue;
    const d = readDialog(el, root.ns);
    if (!d.ok) return d;
    dialogs.push(d.value);
  }
  return { ok: true, value: { version, state, entity, dialogs } };
}

function readDialog(el: XmlElement, ns: string | undefined): Result<DialogInfoDialog> {
  const id = el.attrs.get('id');
  if (!id) return { ok: false, reason: '<dialog> without id' };
  const stateEl = childNamed(el, 'state', ns);
  const value = stateEl?.text.trim();
  if (!stateEl || !value || !STATE_VALUES.has(value)) return { ok: false, reason: `<dialog id="${id}"> with bad or missing <state> "${value ?? ''}"` };
  const d: DialogInfoDialog = { id, state: value as DialogInfoStateValue };
  const callId = el.attrs.get('call-id');
  if (callId) d.callId = callId;
  const localTag = el.attrs.get('local-tag');
  if (localTag) d.localTag = localTag;
  const remoteTag = el.attrs.get('remote-tag');
  if (remoteTag) d.remoteTag = remoteTag;
  const direction = el.attrs.get('direction');
  if (direction === 'initiator' || direction === 'recipient') d.direction = direction;
  else if (direction !== undefined) return { ok: false, reason: `<dialog id="${id}"> with bad direction "${direction}"` };
  const event = stateEl.attrs.get('event');
  if (event) d.event = event;
  const code = nonNegativeInt(stateEl.attrs.get('code'));
  if (code !== undefined && code >= 100 && code <= 699) d.code = code;
  const duration = nonNegativeInt(childNamed(el, 'duration', ns)?.text.trim());
  if (duration !== undefined) d.duration = duration;
  const local = readParticipant(childNamed(el, 'local', ns), ns);
  if (local) d.local = local;
  const remote = readParticipant(childNamed(el, 'remote', ns), ns);
  if (remote) d.remote = remote;
  return { ok: true, value: d };
}

function readParticipant(el: XmlElement | undefined, ns: string | undefined): DialogParticipant | undefined {
  if (!el) return undefined;
  const p: DialogParticipant = {};
  const identity = childNamed(el, 'identity', ns);
  const uri = identity?.text.trim();
  if (uri) p.identity = uri;
  const display = identity?.attrs.get('display');
  if (display) p.display = display;
  const target = childNamed(el, 'target', ns)?.attrs.get('uri');
  if (target) p.target = target;
  return p;
}

/** xs:unsignedInt-ish: digits only, at most 2^32-1. */
function nonNegativeInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
}
