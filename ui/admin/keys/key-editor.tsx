import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, errorText } from '../../shared/api-client.js';
import { Banner } from '../../shared/components.js';
import { loadKeyStates, loadLayout, rowOf, saveLayout, withDrafts, type KeyGroup, type KeyLayoutAnswer, type KeyRow, type KeyState } from './key-layout-data.js';

/**
 * The editing state of a keys page: the stored layout, the rows typed since,
 * the refusals of the last save by field, and the lamps (polled every 2 s,
 * in the background: a poll does not keep the session alive). Save sends the
 * whole layout (PUT, all or nothing), like the settings forms.
 */
export type Outcome = { kind: 'ok' | 'error'; text: string; detail?: string[] } | undefined;

export interface KeyEditor {
  layout?: KeyLayoutAnswer;
  loadError?: string;
  states: KeyState[];
  errors: Record<string, string>;
  outcome: Outcome;
  saving: boolean;
  dirty: number;
  row(group: KeyGroup, index: number): KeyRow;
  changed(group: KeyGroup, index: number): boolean;
  setRow(group: KeyGroup, index: number, row: KeyRow): void;
  soft(state: number): string[];
  softChanged(state: number): boolean;
  setSoft(state: number, values: string[]): void;
  save(): Promise<void>;
  reset(): void;
  reload(): Promise<void>;
}

const LAMP_POLL_MS = 2000;

const GROUP_TITLE: Record<string, string> = { memory: 'Memory key', line: 'Line key', function: 'Function key', soft: 'Soft keys, state' };

/** `memory.3.number` → "Memory key 3, Number"; `expansion2.5.label` → "Module 2 key 5, Label". */
export function fieldTitle(key: string): string {
  const [group = '', index = '', field, n] = key.split('.');
  const module = /^expansion(\d)$/.exec(group)?.[1];
  const where = module ? `Module ${module} key ${index}` : `${GROUP_TITLE[group] ?? group} ${index}`;
  if (!field) return where;
  return `${where}, ${field === 'values' ? `soft key ${Number(n) + 1}` : field[0]!.toUpperCase() + field.slice(1)}`;
}

export function useKeyEditor(): KeyEditor {
  const [layout, setLayout] = useState<KeyLayoutAnswer>();
  const [loadError, setLoadError] = useState<string>();
  const [rows, setRows] = useState<Record<string, KeyRow>>({});
  const [softRows, setSoftRows] = useState<Record<string, string[]>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [saving, setSaving] = useState(false);
  const [states, setStates] = useState<KeyState[]>([]);

  const reload = useCallback(async () => {
    try {
      setLayout(await loadLayout());
      setLoadError(undefined);
    } catch (err) {
      setLoadError(errorText(err));
    }
  }, []);
  const pollStates = useCallback(() => {
    loadKeyStates().then(setStates, () => setStates([]));
  }, []);
  useEffect(() => {
    void reload();
    pollStates();
    const timer = setInterval(pollStates, LAMP_POLL_MS);
    return () => clearInterval(timer);
  }, [reload, pollStates]);

  const clearError = (prefix: string) =>
    setErrors((e) => {
      const keys = Object.keys(e).filter((k) => k === prefix || k.startsWith(`${prefix}.`));
      if (keys.length === 0) return e;
      const next = { ...e };
      for (const k of keys) delete next[k];
      return next;
    });

  const editor: KeyEditor = {
    layout,
    loadError,
    states,
    errors,
    outcome,
    saving,
    dirty: Object.keys(rows).length + Object.keys(softRows).length,
    row: (group, index) => rows[`${group}.${index}`] ?? (layout ? rowOf(layout, group, index) : { type: '', account: 'auto', number: '', label: '' }),
    changed: (group, index) => rows[`${group}.${index}`] !== undefined,
    setRow: (group, index, row) => {
      const at = `${group}.${index}`;
      const stored = layout ? rowOf(layout, group, index) : undefined;
      const same = stored && stored.type === row.type && stored.account === row.account && stored.number === row.number && stored.label === row.label;
      setRows((r) => {
        const next = { ...r };
        if (same) delete next[at];
        else next[at] = row;
        return next;
      });
      clearError(at);
    },
    soft: (state) => softRows[String(state)] ?? layout?.softKeys.find((r) => r.index === state)?.values ?? ['', '', '', ''],
    softChanged: (state) => softRows[String(state)] !== undefined,
    setSoft: (state, values) => {
      setSoftRows((r) => ({ ...r, [String(state)]: values }));
      clearError(`soft.${state}`);
    },
    save: async () => {
      if (!layout || saving) return;
      setSaving(true);
      setOutcome(undefined);
      try {
        const n = Object.keys(rows).length + Object.keys(softRows).length;
        const storedOnly = Object.keys(softRows).length > 0 || Object.keys(rows).some((at) => at.startsWith('line.') || at.startsWith('function.'));
        setLayout(await saveLayout(withDrafts(layout, rows, softRows)));
        setRows({});
        setSoftRows({});
        setErrors({});
        setOutcome({
          kind: 'ok',
          text: `Saved ${n} key${n === 1 ? '' : 's'}${storedOnly ? '.' : ': in effect now.'}`,
          ...(storedOnly ? { detail: ['Memory and expansion keys are in effect now; line, function and soft keys are kept in the keys file only.'] } : {}),
        });
        // a new BLF key's first NOTIFY comes within a round trip: look again soon rather than at the next poll
        for (const ms of [0, 300, 1000]) setTimeout(pollStates, ms);
      } catch (err) {
        if (err instanceof ApiError && err.errors.length > 0) {
          setErrors(Object.fromEntries(err.errors.map((e) => [e.key, e.reason])));
          const n = err.errors.length;
          setOutcome({ kind: 'error', text: `${n} field${n === 1 ? ' was' : 's were'} refused: nothing was saved.`, detail: err.errors.map((e) => `${fieldTitle(e.key)}: ${e.reason}`) });
          const first = document.querySelector(`[name="${CSS.escape(err.errors[0]!.key)}"]`) as HTMLElement | null;
          first?.scrollIntoView({ block: 'center' });
          first?.focus();
        } else {
          setOutcome({ kind: 'error', text: `Not saved: ${errorText(err)}` });
        }
      } finally {
        setSaving(false);
      }
    },
    reset: () => {
      setRows({});
      setSoftRows({});
      setErrors({});
    },
    reload,
  };
  return editor;
}

export function OutcomeBanner(props: { outcome: Outcome }) {
  const o = props.outcome;
  if (!o) return null;
  return (
    <Banner kind={o.kind} testId="keys-outcome">
      <strong>{o.text}</strong>
      {o.detail?.map((d) => <div key={d}>{d}</div>)}
    </Banner>
  );
}

/** The sticky bar under the tables: what is unsaved, Reset, Save. */
export function KeySaveBar(props: { editor: KeyEditor }) {
  const e = props.editor;
  return (
    <div class={`save-bar${e.dirty ? ' dirty' : ''}`}>
      {e.dirty ? (
        <span class="muted">{`${e.dirty} unsaved key${e.dirty === 1 ? '' : 's'}`}</span>
      ) : e.outcome ? (
        <span class={`save-note save-note-${e.outcome.kind}`} role="status">
          {e.outcome.kind === 'error' ? '✕' : '✓'} {e.outcome.text}
        </span>
      ) : (
        <span class="muted">No changes</span>
      )}
      <span class="spacer" />
      <button type="button" class="btn" disabled={!e.dirty || e.saving} onClick={e.reset}>
        Reset
      </button>
      <button type="button" class="btn btn-primary" disabled={!e.dirty || e.saving} onClick={() => void e.save()} data-testid="keys-save">
        {e.saving ? 'Saving…' : 'Save'}
      </button>
    </div>
  );
}
