import { useState } from 'preact/hooks';
import { ApiError, errorText } from '../../shared/api-client.js';
import { Banner, Card } from '../../shared/components.js';
import { useSession } from '../session.js';
import { FieldRow } from './field-control.js';
import type { FieldGroup } from './field-groups.js';
import { saveSettings, type SaveResult, type SchemaEntry, type SettingValue } from './settings-data.js';

/**
 * A settings form built from the registry schema: a card per sub-heading, a row
 * per setting, and one Save that sends only what changed (PATCH /api/v1/settings
 * with the CSRF token). The PATCH is atomic: a refusal lists each key with its
 * reason, shown next to that field, and nothing is saved. After a save the page
 * says what waits for a reboot and what the host OS owns.
 */
export interface SettingsFormProps {
  groups: FieldGroup[];
  values: Record<string, SettingValue>;
  /** Called after a successful save (the page reloads the values). */
  onSaved(result: SaveResult): void | Promise<void>;
}

type Outcome = { kind: 'ok' | 'error' | 'warn'; text: string; detail?: string[] } | undefined;

function describeSave(result: SaveResult, labels: Map<string, string>): Outcome {
  const name = (k: string) => labels.get(k) ?? k;
  const n = result.changed.length;
  if (n === 0) return { kind: 'ok', text: 'Nothing changed: the values were already stored.' };
  const detail: string[] = [];
  if (result.reboot.length) detail.push(`Takes effect after reboot: ${result.reboot.map(name).join(', ')}.`);
  if (result.host.length) detail.push(`Host-managed (stored, applied by the host OS, not by Sayhi): ${result.host.map(name).join(', ')}.`);
  const rest = n - result.reboot.length - result.host.length;
  if (rest > 0) detail.unshift(rest === n ? 'In effect now.' : `${rest} in effect now.`);
  return { kind: result.reboot.length ? 'warn' : 'ok', text: `Saved ${n} setting${n === 1 ? '' : 's'}.`, detail };
}

export function SettingsForm(props: SettingsFormProps) {
  const session = useSession();
  const [draft, setDraft] = useState<Record<string, SettingValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [saving, setSaving] = useState(false);
  const entries: SchemaEntry[] = props.groups.flatMap((g) => g.entries);
  const labels = new Map(entries.map((e) => [e.key, e.label]));
  const dirty = Object.keys(draft).length;
  const role = session.info.role;

  const change = (key: string, value: SettingValue | undefined) => {
    setDraft((d) => {
      const next = { ...d };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
    setErrors((errs) => {
      if (!(key in errs)) return errs;
      const next = { ...errs };
      delete next[key];
      return next;
    });
  };

  const save = async (ev: Event) => {
    ev.preventDefault();
    if (!dirty || saving) return;
    setSaving(true);
    setOutcome(undefined);
    try {
      const result = await saveSettings(draft);
      setDraft({});
      setErrors({});
      setOutcome(describeSave(result, labels));
      await props.onSaved(result);
      await session.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        const byKey: Record<string, string> = {};
        for (const e of err.errors) byKey[e.key] = e.reason.replace(new RegExp(`^${e.key.replace(/\./g, '\\.')}: `), '');
        setErrors(byKey);
        const n = Object.keys(byKey).length;
        setOutcome({ kind: 'error', text: `${n} setting${n === 1 ? ' was' : 's were'} refused: nothing was saved.`, detail: err.errors.map((e) => `${labels.get(e.key) ?? e.key}: ${byKey[e.key]}`) });
        const first = document.querySelector(`[name="${CSS.escape(err.errors[0]!.key)}"]`) as HTMLElement | null;
        first?.scrollIntoView({ block: 'center' });
        first?.focus();
      } else {
        setOutcome({ kind: 'error', text: `Not saved: ${errorText(err)}` });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="settings-form" noValidate onSubmit={save}>
      {outcome ? (
        <Banner kind={outcome.kind} testId="save-outcome">
          <strong>{outcome.text}</strong>
          {outcome.detail?.map((d) => <div key={d}>{d}</div>)}
        </Banner>
      ) : null}
      {props.groups.map((g) => (
        <Card key={g.title} title={g.title}>
          {g.entries.map((e) => (
            <FieldRow
              key={e.key}
              entry={e}
              value={props.values[e.key]}
              draft={draft[e.key]}
              error={errors[e.key]}
              onChange={change}
              readOnly={role !== 'admin' && e.role !== 'user'}
            />
          ))}
        </Card>
      ))}
      <div class={`save-bar${dirty ? ' dirty' : ''}`}>
        {dirty ? (
          <span class="muted">{`${dirty} unsaved change${dirty === 1 ? '' : 's'}`}</span>
        ) : outcome ? (
          <span class={`save-note save-note-${outcome.kind}`} role="status">
            {outcome.kind === 'error' ? '✕' : '✓'} {outcome.text} {outcome.detail?.join(' ')}
          </span>
        ) : (
          <span class="muted">No changes</span>
        )}
        <span class="spacer" />
        <button
          type="button"
          class="btn"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft({});
            setErrors({});
          }}
        >
          Reset
        </button>
        <button type="submit" class="btn btn-primary" disabled={!dirty || saving} data-testid="save">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
