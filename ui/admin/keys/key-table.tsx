import { Badge } from '../../shared/components.js';
import { NUMBER_HINT, unsetType, type KeyGroup, type KeyRow, type KeyState } from './key-layout-data.js';

/**
 * One table of keys as on the phone's own web page (manual §7): Key, Type
 * ("Mode"), Account, Number, Label, and for memory and expansion keys the
 * lamp of the watched extension. Each field is named `<group>.<index>.<field>`,
 * the name the server's refusals use, and shows its refusal under it.
 */
export interface KeyTableProps {
  group: KeyGroup;
  testId: string;
  /** The rows: index and the name of the key ("Key 3", "Up"). */
  keys: Array<{ index: number; name: string; note?: string }>;
  /** [value, label] of each type; the unset value comes first. */
  types: ReadonlyArray<readonly [string, string]>;
  unsetLabel: string;
  accounts: number;
  row(index: number): KeyRow;
  changed(index: number): boolean;
  errors: Record<string, string>;
  onChange(index: number, row: KeyRow): void;
  /** The lamp/paging state of a key, if the group has lamps. */
  state?: (index: number) => KeyState | undefined;
}

function Lamp(props: { k: KeyState | undefined; type: string }) {
  const k = props.k;
  if (!k) return null;
  if (props.type === 'paging') return k.paging ? <Badge kind="ok">paging</Badge> : <span class="muted small">idle</span>;
  if (!k.lamp) return null;
  const kind = k.lamp === 'idle' ? 'ok' : k.lamp === 'unknown' ? 'idle' : 'bad';
  return <Badge kind={kind}>{k.lamp}</Badge>;
}

function FieldError(props: { text: string | undefined; name: string }) {
  return props.text ? (
    <div class="error-text" role="alert" data-testid={`error-${props.name}`}>
      {props.text}
    </div>
  ) : null;
}

export function KeyTable(props: KeyTableProps) {
  const unset = unsetType(props.group);
  return (
    <table class="table key-table" data-testid={props.testId}>
      <thead>
        <tr>
          <th>Key</th>
          <th>Type</th>
          <th>Account</th>
          <th>Number</th>
          <th>Label</th>
          {props.state ? <th>State</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.keys.map(({ index, name, note }) => {
          const row = props.row(index);
          const at = `${props.group}.${index}`;
          const off = row.type === unset && props.group !== 'function';
          const set = (patch: Partial<KeyRow>) => props.onChange(index, { ...row, ...patch });
          const err = (f: string) => props.errors[`${at}.${f}`];
          return (
            <tr key={index} class={[off ? 'unset' : '', props.changed(index) ? 'changed' : ''].join(' ').trim() || undefined} data-key={at}>
              <td class="key-name">
                {name}
                {note ? <div class="muted small">{note}</div> : null}
                <FieldError text={props.errors[at]} name={at} />
              </td>
              <td>
                <select name={`${at}.type`} class={`select${err('type') ? ' invalid' : ''}`} value={row.type} onChange={(e) => set({ type: (e.currentTarget as HTMLSelectElement).value })}>
                  <option value={unset}>{props.unsetLabel}</option>
                  {props.types
                    .filter(([v]) => v !== unset)
                    .map(([v, label]) => (
                      <option key={v} value={v}>
                        {label}
                      </option>
                    ))}
                </select>
                <FieldError text={err('type')} name={`${at}.type`} />
              </td>
              <td>
                <select name={`${at}.account`} class={`select${err('account') ? ' invalid' : ''}`} value={row.account} disabled={off} onChange={(e) => set({ account: (e.currentTarget as HTMLSelectElement).value })}>
                  <option value="auto">Auto</option>
                  {Array.from({ length: props.accounts }, (_, i) => (
                    <option key={i} value={String(i + 1)}>
                      Line {i + 1}
                    </option>
                  ))}
                </select>
                <FieldError text={err('account')} name={`${at}.account`} />
              </td>
              <td>
                <input
                  name={`${at}.number`}
                  class={`input${err('number') ? ' invalid' : ''}`}
                  value={row.number}
                  disabled={off}
                  placeholder={off ? '' : (NUMBER_HINT[row.type] ?? '')}
                  onInput={(e) => set({ number: (e.currentTarget as HTMLInputElement).value })}
                />
                <FieldError text={err('number')} name={`${at}.number`} />
              </td>
              <td>
                <input name={`${at}.label`} class={`input${err('label') ? ' invalid' : ''}`} value={row.label} disabled={off} onInput={(e) => set({ label: (e.currentTarget as HTMLInputElement).value })} />
                <FieldError text={err('label')} name={`${at}.label`} />
              </td>
              {props.state ? (
                <td data-testid={`state-${at}`}>
                  <Lamp k={props.state(index)} type={row.type} />
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Soft keys: per call state (SoftKey id 0-11) the four values, as the keys file has them. */
export function SoftKeyTable(props: { values(state: number): string[]; changed(state: number): boolean; errors: Record<string, string>; onChange(state: number, values: string[]): void }) {
  return (
    <table class="table key-table soft-key-table" data-testid="soft-keys">
      <thead>
        <tr>
          <th>Call state</th>
          {[1, 2, 3, 4].map((n) => (
            <th key={n}>Soft key {n}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: 12 }, (_, state) => {
          const values = props.values(state);
          return (
            <tr key={state} class={props.changed(state) ? 'changed' : undefined}>
              <td class="key-name">State {state}</td>
              {[0, 1, 2, 3].map((i) => {
                const name = `soft.${state}.values.${i}`;
                return (
                  <td key={i}>
                    <input
                      name={name}
                      class={`input${props.errors[name] ? ' invalid' : ''}`}
                      value={values[i] ?? ''}
                      onInput={(e) => props.onChange(state, values.map((v, j) => (j === i ? (e.currentTarget as HTMLInputElement).value : v)))}
                    />
                    <FieldError text={props.errors[name]} name={name} />
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
