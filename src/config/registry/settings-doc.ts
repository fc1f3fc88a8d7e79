import type { SettingDef } from './setting-def.js';
import type { SettingsRegistry } from './settings-registry.js';
import { xmlLocationId } from './settings-registry.js';
import { KEPT_XML_ATTRIBUTES } from './xml-kept-attributes.js';

/**
 * Renders docs/settings.md from the declarations, so the table can never drift from
 * the code (tests/unit/config/registry-docs.test.ts compares the file; regenerate with
 * `npx vitest run tests/unit/config/registry-docs.test.ts --update`).
 *
 * Rows that repeat per account / LDAP server / paging group are shown once with `<n>`.
 */
const REPEATED = /^(account|ldap|paging)\.(\d+)\./;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rangeOf(def: SettingDef): string {
  switch (def.kind) {
    case 'int':
    case 'port': {
      const lo = def.min ?? (def.kind === 'port' ? 1 : undefined);
      const hi = def.max ?? (def.kind === 'port' ? 65535 : undefined);
      const unit = def.unit ? ` ${def.unit}` : '';
      return lo !== undefined && hi !== undefined ? `${lo}..${hi}${unit}` : unit.trim();
    }
    case 'enum':
      return (def.options ?? []).map((o) => (o.xml !== undefined && o.xml !== o.value ? `${o.value}=${o.xml}` : o.value)).join(', ');
    case 'bool':
      return 'XML 0/1';
    default: {
      const parts: string[] = [];
      if (def.maxLength !== undefined) parts.push(`≤ ${def.maxLength} chars`);
      if (def.pattern !== undefined) parts.push(`\`${def.pattern}\``);
      return parts.join(', ');
    }
  }
}

function xmlOf(def: SettingDef, repeated: boolean): string {
  if (!def.xml) return '—';
  const id = def.xml.id === undefined ? '' : repeated ? '[n-1]' : `[${def.xml.id}]`;
  // Paging groups are numbered in the attribute name (PagingEnableOne..Five), not by row id.
  const attribute = repeated && def.key.startsWith('paging.') ? def.xml.attribute.replace(/One$/, '{One..Five}') : def.xml.attribute;
  return `\`${def.xml.container}/${def.xml.element}${id}@${attribute}\``;
}

function row(def: SettingDef): string {
  const repeated = REPEATED.test(def.key);
  const key = repeated ? def.key.replace(REPEATED, '$1.<n>.') : def.key;
  const shownDefault = def.kind === 'password' ? (def.default === '' ? '""' : '(set)') : JSON.stringify(def.default);
  const notes = [def.help, def.menu ? `LCD: ${def.menu}` : undefined].filter(Boolean).join(' ');
  return `| \`${key}\` | ${def.kind} | ${cell(shownDefault)} | ${cell(rangeOf(def))} | ${def.role} | ${def.effect} | ${xmlOf(def, repeated)} | ${cell(def.label)} | ${cell(notes)} |`;
}

export function renderSettingsMarkdown(registry: SettingsRegistry, other?: SettingsRegistry): string {
  const out: string[] = [];
  const all = registry.list();
  out.push('# Settings');
  out.push('');
  out.push('<!-- Generated from src/config/registry by tests/unit/config/registry-docs.test.ts; do not edit by hand. -->');
  out.push('');
  out.push(
    `Every parameter of the phone, declared once in \`src/config/registry\`. ${registry.model}: **${all.length} settings**` +
      (other ? `; ${other.model}: **${other.size}**.` : '.'),
  );
  out.push('Rows marked `<n>` repeat per SIP account (1..3 on the ES330, 1..2 on the ES320), LDAP server (1..2) or paging group (1..5);');
  out.push('their XML row id is n-1. Effect: `live` = applied at once, `reboot` = at the next start (manual says so),');
  out.push('`host` = owned by the host OS: stored and round-tripped, never applied by Sayhi.');
  out.push('Bools are `0`/`1` in Escene XML; enums are written `value=xmlcode`. "(I)" in a note = inferred mapping, not documented by Escene.');
  out.push('');
  out.push('| Page | Settings |');
  out.push('|---|---|');
  for (const page of registry.pages()) out.push(`| ${page} | ${registry.list({ page }).length} |`);
  out.push('');
  for (const page of registry.pages()) {
    out.push(`## ${page}`);
    out.push('');
    out.push('| Key | Kind | Default | Range / options | Role | Effect | Escene XML | Label | Notes |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    const seen = new Set<string>();
    for (const def of registry.list({ page })) {
      const shape = def.key.replace(REPEATED, '$1.<n>.');
      if (seen.has(shape)) continue;
      seen.add(shape);
      out.push(row(def));
    }
    out.push('');
  }
  out.push('## Escene XML attributes kept, not interpreted');
  out.push('');
  out.push('The XML layer keeps these as read and writes them back unchanged (escene-formats.md §3.2/§3.3).');
  out.push('');
  out.push('| Element | Attributes | Why |');
  out.push('|---|---|---|');
  for (const kept of KEPT_XML_ATTRIBUTES) {
    const rows = kept.rows ? `[${kept.rows} rows]` : '';
    out.push(`| \`${kept.container}/${kept.element}${rows}\` | ${kept.attributes.map((a) => `\`${a}\``).join(' ')} | ${cell(kept.why)} |`);
  }
  out.push('');
  out.push('Tables, not settings (handled by the XML/phonebook layers): memory keys, programmable keys, soft keys and');
  out.push('expansion-module keys (`<account-1>_Extern.xml`), `RouteTabs`/`BlackTabs`/`WhiteTabs` (dial plan, IP strategy),');
  out.push('phonebook groups and contacts.');
  out.push('');
  const xmlCount = all.filter((d) => d.xml).length;
  out.push(`${xmlCount} of ${all.length} ${registry.model} settings have an Escene XML location; the rest are Sayhi-only.`);
  out.push(`Locations are unique (${new Set(all.filter((d) => d.xml).map((d) => xmlLocationId(d.xml!))).size} distinct).`);
  out.push('');
  return out.join('\n');
}
