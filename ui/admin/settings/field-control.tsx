import { Badge } from '../../shared/components.js';
import { PASSWORD_MASK, type SchemaEntry, type SettingValue } from './settings-data.js';

/**
 * One setting as a form row: the manual's label, the control its kind calls for
 * (checkbox, select of the enum's labels, number with its range, password,
 * text), the effect badges ("after reboot", "host-managed"), the help text, and
 * the server's reason when the value was refused — next to the field.
 */
export interface FieldProps {
  entry: SchemaEntry;
  /** Stored value (passwords: the mask when set). */
  value: SettingValue | undefined;
  /** Edited value, when different from the stored one. */
  draft: SettingValue | undefined;
  error?: string;
  onChange(key: string, value: SettingValue | undefined): void;
  /** The login may see but not change it. */
  readOnly?: boolean;
}

export const REBOOT_TITLE = 'Takes effect after the phone restarts (Phone Maintenance > Reboot).';
export const HOST_TITLE =
  'Owned by the host operating system (network, VLAN, VPN...): Sayhi stores it and writes it to Escene config files, but does not apply it.';

/**
 * The registry's help text, minus the notes written for developers (Escene XML
 * codes, "(I)" = inferred mapping, references into docs): people reading the page
 * need what the setting does, not where its attribute lives.
 */
export function userHelp(help: string | undefined): string | undefined {
  if (!help) return undefined;
  const sentences = help.split(/(?<=\.)\s+/);
  const kept = sentences.map((x) => x.trim()).filter((x) => x && !/XML|escene-formats|\(I\)|inferred|LCD: Menu/i.test(x));
  return kept.length ? kept.join(' ') : undefined;
}

function rangeHint(e: SchemaEntry): string | undefined {
  const unit = e.unit ? ` ${e.unit}` : '';
  if (e.type === 'integer' && e.min !== undefined && e.max !== undefined) return `${e.min}–${e.max}${unit}`;
  if (e.unit) return e.unit;
  return undefined;
}

export function FieldRow(props: FieldProps) {
  const { entry: e, error } = props;
  const id = `f-${e.key}`;
  const shown = props.draft !== undefined ? props.draft : props.value;
  const invalid = error ? ' invalid' : '';
  const set = (v: SettingValue) => props.onChange(e.key, v === props.value ? undefined : v);
  let control;
  if (e.type === 'boolean') {
    control = (
      <label class="switch" for={id}>
        <input id={id} name={e.key} type="checkbox" role="switch" class="toggle" checked={shown === true} disabled={props.readOnly} onChange={(ev) => set((ev.currentTarget as HTMLInputElement).checked)} />
        <span class="toggle-text">{shown === true ? 'On' : 'Off'}</span>
      </label>
    );
  } else if (e.options) {
    control = (
      <select id={id} name={e.key} class={`select${invalid}`} value={String(shown ?? '')} disabled={props.readOnly} onChange={(ev) => set((ev.currentTarget as HTMLSelectElement).value)}>
        {e.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (e.kind === 'password') {
    const isSet = props.value === PASSWORD_MASK;
    control = (
      <input
        id={id}
        name={e.key}
        type="password"
        class={`input${invalid}`}
        autocomplete="new-password"
        value={props.draft !== undefined ? String(props.draft) : ''}
        placeholder={isSet ? '•••••••• (unchanged)' : '(not set)'}
        disabled={props.readOnly}
        onInput={(ev) => {
          const v = (ev.currentTarget as HTMLInputElement).value;
          props.onChange(e.key, v === '' ? undefined : v);
        }}
      />
    );
  } else if (e.type === 'integer') {
    control = (
      <input
        id={id}
        name={e.key}
        type="number"
        class={`input${invalid}`}
        min={e.min}
        max={e.max}
        step={1}
        value={shown === undefined ? '' : String(shown)}
        disabled={props.readOnly}
        onInput={(ev) => {
          const raw = (ev.currentTarget as HTMLInputElement).value;
          // an integer goes as a number; anything else as typed, so the server says what is wrong
          set(/^-?\d+$/.test(raw.trim()) ? Number(raw) : raw);
        }}
      />
    );
  } else {
    control = (
      <input
        id={id}
        name={e.key}
        type="text"
        class={`input${invalid}`}
        spellcheck={false}
        value={shown === undefined ? '' : String(shown)}
        disabled={props.readOnly}
        onInput={(ev) => set((ev.currentTarget as HTMLInputElement).value)}
      />
    );
  }
  const hint = rangeHint(e);
  const help = userHelp(e.help);
  return (
    <div class={`field${props.draft !== undefined ? ' changed' : ''}`} data-key={e.key}>
      <div class="field-label">
        <label for={id}>{e.label}</label>
        <div class="field-badges">
          {e.effect === 'reboot' ? (
            <Badge kind="reboot" title={REBOOT_TITLE}>
              after reboot
            </Badge>
          ) : null}
          {e.effect === 'host' ? (
            <Badge kind="host" title={HOST_TITLE}>
              host-managed
            </Badge>
          ) : null}
        </div>
      </div>
      <div class="field-control">
        <div class="row">
          {control}
          {hint ? <span class="muted field-hint">{hint}</span> : null}
        </div>
        {error ? (
          <div class="error-text" role="alert" data-testid={`error-${e.key}`}>
            {error}
          </div>
        ) : null}
        {help ? <div class="field-help">{help}</div> : null}
      </div>
    </div>
  );
}
