import type { CallHistoryType, CallRecordInput } from '../../config/index.js';
import type { Call } from '../call.js';
import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { CallFeatureName, CallInfo } from '../phone-types.js';

/**
 * Refusals the person never hears of: a banned caller and an address the IP
 * strategy does not allow are not "missed calls" (the point of both is not to
 * be bothered, and a SIP scanner would fill the list).
 */
const SILENT_REFUSALS: ReadonlySet<CallFeatureName> = new Set(['banlist', 'ip-strategy']);

/** Field limits of the call_history table (call-history-table.ts). */
const TEXT_MAX = 64;
const URI_MAX = 256;

/** Which list a finished call goes to (manual §5 "Using Call Logs"). */
export function historyType(info: CallInfo): CallHistoryType {
  if (info.direction === 'outgoing') return 'dialed';
  return info.answeredAt !== undefined ? 'received' : 'missed';
}

/** The record of a finished call: talk time from the answer, the number as the LCD shows it. */
export function historyRecord(info: CallInfo): CallRecordInput {
  const talkMs = info.answeredAt !== undefined && info.endedAt !== undefined ? info.endedAt - info.answeredAt : 0;
  return {
    type: historyType(info),
    time: info.startedAt,
    durationS: Math.max(0, Math.round(talkMs / 1000)),
    line: info.line,
    remoteUri: info.remote.slice(0, URI_MAX),
    remoteName: (info.remoteName ?? '').slice(0, TEXT_MAX),
    number: numberOf(info.remote).slice(0, TEXT_MAX),
    endReason: (info.endReason ?? '').slice(0, TEXT_MAX),
  };
}

/** The user part of a SIP URI, or its host for a call by IP address. */
function numberOf(uri: string): string {
  const m = /^sips?:(?:([^@;?]+)@)?([^;?>]+)/i.exec(uri);
  if (!m) return uri;
  if (!m[1]) return m[2]!;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/**
 * Call history (manual §5 "Using Call Logs", feature list "Call History(600)"):
 * every call is written to db.callHistory when it ends: dialed (ours),
 * received (answered), missed (rang and was not answered: cancelled, refused
 * by DND, busy or anonymous rejection, forwarded — endReason says which, e.g.
 * "forwarded to sip:1003@pbx"). "Call List Save" off (call.callListSave)
 * keeps no records. The unviewed missed count is in the status
 * (`missedCalls`) and each change of it is a `missedCalls` event.
 */
export function callLogFeature(ctx: PhoneContext): PhoneFeature {
  const silent = new Set<string>();
  let offFeature: (() => void) | undefined;

  const record = (call: Call): void => {
    const info = call.snapshot();
    if (silent.delete(call.id)) return;
    if (ctx.setting<boolean>('call.callListSave') !== true) return;
    const rec = historyRecord(info);
    try {
      ctx.db.callHistory.add(rec);
    } catch (err) {
      ctx.logger.error('call history: record not written', { call: call.id, error: String(err) });
      return;
    }
    if (rec.type === 'missed') ctx.events.emit('missedCalls', { count: ctx.db.callHistory.unviewedCount('missed') });
  };

  return {
    name: 'call-log',
    start() {
      offFeature = ctx.events.on('callFeature', (e) => {
        if (SILENT_REFUSALS.has(e.feature)) silent.add(e.callId);
      });
    },
    stop() {
      offFeature?.();
    },
    onCallAdded(call) {
      // a call refused while screening has ended already
      if (call.state === 'ended') return record(call);
      const off = call.events.on('change', (info) => {
        if (info.state !== 'ended') return;
        off();
        record(call);
      });
    },
    decorateStatus(status) {
      status.missedCalls = ctx.db.callHistory.unviewedCount('missed');
    },
  };
}
