import type { KeyLayoutAnswer, KeyLayoutKey } from '../../../src/web/api/key-layout-schemas.js';
import { api } from '../../shared/api-client.js';

/**
 * The programmable-keys layout as the pages edit it: GET/PUT
 * /api/v1/programmable-keys/layout, and the rows of the tables as form text.
 * A row is addressed `<group>.<index>` like the server's field errors
 * (`memory.3.number`), so an error lands next to its field.
 */
export type { KeyLayoutAnswer, KeyLayoutKey };
export type KeyGroup = 'memory' | 'line' | 'function' | 'expansion1' | 'expansion2' | 'expansion3' | 'expansion4' | 'expansion5' | 'expansion6';

/** One key row as typed: type '' = not set (memory, expansion), 'line' (line keys), 'default' (function keys). */
export interface KeyRow {
  type: string;
  account: string;
  number: string;
  label: string;
}

/** A key of GET /api/v1/programmable-keys (lamp and paging state). */
export interface KeyState {
  id: string;
  module?: number;
  index: number;
  lamp?: 'idle' | 'ringing' | 'busy' | 'unknown';
  paging?: boolean;
}

export const loadLayout = (): Promise<KeyLayoutAnswer> => api<KeyLayoutAnswer>('GET', '/programmable-keys/layout');
export const saveLayout = (layout: KeyLayoutAnswer): Promise<KeyLayoutAnswer> => api<KeyLayoutAnswer>('PUT', '/programmable-keys/layout', { body: layout });
export const loadKeyStates = (): Promise<KeyState[]> => api<KeyState[]>('GET', '/programmable-keys', { background: true });

/** The value an unset row's type has in each group. */
export function unsetType(group: KeyGroup): string {
  return group === 'line' ? 'line' : group === 'function' ? 'default' : '';
}

export function keysOf(layout: KeyLayoutAnswer, group: KeyGroup): KeyLayoutKey[] {
  if (group === 'memory') return layout.memoryKeys;
  if (group === 'line') return layout.lineKeys;
  if (group === 'function') return layout.functionKeys;
  return layout.expansion[Number(group.slice(9)) - 1] ?? [];
}

export function rowOf(layout: KeyLayoutAnswer, group: KeyGroup, index: number): KeyRow {
  const k = keysOf(layout, group).find((x) => x.index === index);
  if (!k) return { type: unsetType(group), account: 'auto', number: '', label: '' };
  return { type: k.type, account: String(k.account), number: k.number, label: k.label };
}

/** The layout with the typed rows in place (drafts keyed `<group>.<index>`; soft keys `soft.<state>` → four values). */
export function withDrafts(layout: KeyLayoutAnswer, rows: Record<string, KeyRow>, soft: Record<string, string[]>): KeyLayoutAnswer {
  const next: KeyLayoutAnswer = { ...layout, expansion: layout.expansion.map((m) => [...m]) };
  const byGroup = new Map<KeyGroup, Map<number, KeyRow>>();
  for (const [at, row] of Object.entries(rows)) {
    const [group, index] = at.split('.') as [KeyGroup, string];
    if (!byGroup.has(group)) byGroup.set(group, new Map());
    byGroup.get(group)!.set(Number(index), row);
  }
  for (const [group, changed] of byGroup) {
    const keys = keysOf(layout, group).filter((k) => !changed.has(k.index));
    for (const [index, row] of changed) {
      if (row.type === unsetType(group) && (group !== 'function' || (row.number === '' && row.label === ''))) continue;
      keys.push({ index, type: row.type, account: row.account === 'auto' ? 'auto' : Number(row.account), number: row.number, label: row.label });
    }
    keys.sort((a, b) => a.index - b.index);
    if (group === 'memory') next.memoryKeys = keys;
    else if (group === 'line') next.lineKeys = keys;
    else if (group === 'function') next.functionKeys = keys;
    else next.expansion[Number(group.slice(9)) - 1] = keys;
  }
  if (Object.keys(soft).length > 0) {
    const rowsLeft = layout.softKeys.filter((r) => soft[String(r.index)] === undefined);
    for (const [state, values] of Object.entries(soft)) if (values.some((v) => v !== '')) rowsLeft.push({ index: Number(state), values });
    next.softKeys = rowsLeft.sort((a, b) => a.index - b.index);
  }
  return next;
}

/** What the number field holds for each type (placeholder). */
export const NUMBER_HINT: Record<string, string> = {
  'speed-dial': 'number to dial',
  'speed-dial-prefix': 'prefix, the rest is typed',
  dtmf: 'digits sent in the call',
  blf: 'extension to watch',
  bla: 'shared number (else the line’s)',
  paging: '224.0.1.75:10000 or slot 1-5',
  park: 'park code / extension',
  intercom: 'extension (auto-answered)',
  pickup: 'extension (empty: group)',
  'broadsoft-group': 'group number',
};
