import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AdminPage } from '../../../src/web/admin-pages.js';
import { errorText } from '../../shared/api-client.js';
import { Banner } from '../../shared/components.js';
import { HOST_TITLE } from '../settings/field-control.js';
import { groupEntries, type FieldGroup } from '../settings/field-groups.js';
import { entriesOf, loadSchema, loadValues, type SchemaEntry, type SettingValue, type SettingsSchema } from '../settings/settings-data.js';
import { SettingsForm } from '../settings/settings-form.js';

/** Schema and values for a page, reloadable after a save. */
export function useSettings(): { schema?: SettingsSchema; values?: Record<string, SettingValue>; error?: string; reload(): Promise<void> } {
  const [schema, setSchema] = useState<SettingsSchema>();
  const [values, setValues] = useState<Record<string, SettingValue>>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      const [s, v] = await Promise.all([loadSchema(), loadValues()]);
      setSchema(s);
      setValues(v);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  return { schema, values, error, reload };
}

export function HostNote(props: { entries: SchemaEntry[] }) {
  const host = props.entries.filter((e) => e.effect === 'host').length;
  if (host === 0) return null;
  const all = host === props.entries.length;
  return (
    <Banner kind="info" testId="host-note">
      <strong>{all ? 'Every setting on this page is host-managed.' : host === 1 ? '1 setting on this page is host-managed.' : `${host} settings on this page are host-managed.`}</strong> {HOST_TITLE} Change the
      host's own network configuration to apply them.
    </Banner>
  );
}

/**
 * A page of the manual made of registry settings: the settings of its registry
 * pages (admin-pages.ts `settings`), grouped under the manual's sub-headings,
 * then whatever the page adds below (rule tables, log view...).
 */
export function RegistryPage(props: { page: AdminPage; intro?: ComponentChildren; children?: ComponentChildren; filter?: (e: SchemaEntry) => boolean }) {
  const { schema, values, error, reload } = useSettings();
  if (error) return <Banner kind="error">Cannot load the settings: {error}</Banner>;
  if (!schema || !values) return <p class="muted">Loading…</p>;
  const pages = props.page.settings ?? [];
  const entries = entriesOf(schema, pages).filter(props.filter ?? (() => true));
  const groups: FieldGroup[] = pages.flatMap((p) => groupEntries(p, entries.filter((e) => e.page === p)));
  return (
    <>
      {props.intro}
      <HostNote entries={entries} />
      {groups.length > 0 ? <SettingsForm groups={groups} values={values} onSaved={reload} /> : null}
      {props.children}
    </>
  );
}
