import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, errorText } from '../../shared/api-client.js';
import { Banner, Card, ConfirmButton, Modal } from '../../shared/components.js';

/**
 * A table of rows with Add / Edit / Delete / Delete All (manual §7 Phone Book:
 * "If you want to add a Group, you just ought to click 'Add Group'... if you want
 * to delete all Groups, click 'Delete All Group'"). The rows live behind a REST
 * collection (GET/POST base, PUT/DELETE base/:id, DELETE base); a refused row
 * shows the server's reason next to the field it names.
 */
export type Row = Record<string, unknown> & { id: number };

export interface RowField {
  key: string;
  label: string;
  kind: 'text' | 'select' | 'checkbox';
  options?: Array<{ value: string; label: string }>;
  /** Shown under the field. */
  hint?: string;
  /** Only when adding (the serial number). */
  addOnly?: boolean;
}

export interface RowColumn {
  label: string;
  value(row: Row): ComponentChildren;
}

export interface RowsConfig {
  /** The manual's word: 'Group', 'Contact', 'BanList'. */
  noun: string;
  base: string;
  columns: RowColumn[];
  fields: RowField[];
  /** Form values → request body (types: numbers, null group, 'auto' account). */
  toBody(form: Record<string, string | boolean>): Record<string, unknown>;
  /** A row → form values. */
  toForm(row: Row | undefined): Record<string, string | boolean>;
  readOnly?: boolean;
}

interface ListAnswer {
  items: Row[];
  limit: number;
}

function FieldInput(props: { field: RowField; value: string | boolean; error?: string; onChange(v: string | boolean): void }) {
  const { field: f } = props;
  const id = `row-${f.key}`;
  const cls = props.error ? 'input invalid' : 'input';
  let control;
  if (f.kind === 'checkbox') {
    control = (
      <label class="switch" for={id}>
        <input id={id} name={f.key} type="checkbox" role="switch" class="toggle" checked={props.value === true} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
        <span class="toggle-text">{props.value === true ? 'On' : 'Off'}</span>
      </label>
    );
  } else if (f.kind === 'select') {
    control = (
      <select id={id} name={f.key} class={props.error ? 'select invalid' : 'select'} value={String(props.value)} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
        {f.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        name={f.key}
        type="text"
        class={cls}
        spellcheck={false}
        value={String(props.value)}
        onInput={(e) => props.onChange((e.currentTarget as HTMLInputElement).value)}
      />
    );
  }
  return (
    <div class="field">
      <div class="field-label">
        <label for={id}>{f.label}</label>
      </div>
      <div class="field-control">
        {control}
        {props.error ? (
          <div class="error-text" role="alert" data-testid={`error-${f.key}`}>
            {props.error}
          </div>
        ) : null}
        {f.hint ? <div class="field-help">{f.hint}</div> : null}
      </div>
    </div>
  );
}

export function RowsPage(props: { config: RowsConfig; reloadKey?: number; toolbar?: ComponentChildren; onChanged?: () => void }) {
  const c = props.config;
  const [list, setList] = useState<ListAnswer>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<Row | 'new' | undefined>();
  const [form, setForm] = useState<Record<string, string | boolean>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async () => {
    try {
      setList(await api<ListAnswer>('GET', c.base));
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  }, [c.base]);
  useEffect(() => void load(), [load, props.reloadKey]);

  const open = (row: Row | 'new') => {
    setEditing(row);
    setForm(c.toForm(row === 'new' ? undefined : row));
    setFieldErrors({});
    setFormError(undefined);
  };
  const changed = async (text: string) => {
    setNotice(text);
    await load();
    props.onChanged?.();
  };
  const save = async (ev?: Event) => {
    ev?.preventDefault();
    if (editing === undefined) return;
    const body = c.toBody(form);
    try {
      if (editing === 'new') await api('POST', c.base, { body });
      else await api('PUT', `${c.base}/${editing.id}`, { body: { ...body, id: undefined } });
      setEditing(undefined);
      await changed(editing === 'new' ? `${c.noun} added.` : `${c.noun} ${editing.id} saved.`);
    } catch (err) {
      if (err instanceof ApiError && err.errors.some((e) => e.key)) {
        setFieldErrors(Object.fromEntries(err.errors.filter((e) => e.key).map((e) => [e.key, e.reason.replace(/^[^:]+: /, '')])));
        setFormError(undefined);
      } else {
        setFormError(errorText(err));
      }
    }
  };
  const remove = async (row: Row) => {
    try {
      await api('DELETE', `${c.base}/${row.id}`);
      await changed(`${c.noun} ${row.id} deleted.`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const removeAll = async () => {
    try {
      await api('DELETE', c.base);
      await changed(`Every ${c.noun} deleted.`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const count = list?.items.length ?? 0;
  return (
    <>
      {notice ? (
        <Banner kind="ok" testId="rows-notice">
          {notice}
        </Banner>
      ) : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      <div class="toolbar">
        {c.readOnly ? null : (
          <>
            <button type="button" class="btn btn-primary" onClick={() => open('new')} disabled={list !== undefined && count >= list.limit} data-testid="row-add">
              Add {c.noun}
            </button>
            <ConfirmButton label={`Delete All ${c.noun}`} question={`Delete every ${c.noun.toLowerCase()}?`} danger disabled={count === 0} onConfirm={removeAll} testId="row-delete-all" />
          </>
        )}
        {props.toolbar}
        <span class="spacer" />
        {list ? (
          <span class="muted">
            {count} / {list.limit}
          </span>
        ) : null}
      </div>
      <Card>
        {!list ? (
          <p class="muted">Loading…</p>
        ) : count === 0 ? (
          <div class="empty">No {c.noun.toLowerCase()} yet.</div>
        ) : (
          <table class="table" data-testid="rows">
            <thead>
              <tr>
                {c.columns.map((col) => (
                  <th key={col.label}>{col.label}</th>
                ))}
                {c.readOnly ? null : <th class="actions">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.items.map((row) => (
                <tr key={row.id} data-row-id={row.id}>
                  {c.columns.map((col) => (
                    <td key={col.label}>{col.value(row)}</td>
                  ))}
                  {c.readOnly ? null : (
                    <td class="actions">
                      <button type="button" class="btn btn-small" onClick={() => open(row)} data-testid="row-edit">
                        Edit
                      </button>{' '}
                      <ConfirmButton label="Delete" small danger question={`Delete ${c.noun.toLowerCase()} ${row.id}?`} onConfirm={() => void remove(row)} testId="row-delete" />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Modal
        title={editing === 'new' ? `Add ${c.noun}` : `Edit ${c.noun} ${editing ? (editing as Row).id : ''}`}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        footer={
          <>
            <button type="button" class="btn" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
            <button type="button" class="btn btn-primary" onClick={() => void save()} data-testid="row-save">
              Save
            </button>
          </>
        }
      >
        <form noValidate onSubmit={save}>
          {formError ? <Banner kind="error">{formError}</Banner> : null}
          {c.fields
            .filter((f) => !(f.addOnly && editing !== 'new'))
            .map((f) => (
              <FieldInput key={f.key} field={f} value={form[f.key] ?? ''} error={fieldErrors[f.key]} onChange={(v) => setForm({ ...form, [f.key]: v })} />
            ))}
          <button type="submit" hidden />
        </form>
      </Modal>
    </>
  );
}
