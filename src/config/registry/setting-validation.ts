import { isIP } from 'node:net';
import type { Result } from '../../base/index.js';
import type { EnumOption, SettingDef, SettingValue } from './setting-def.js';

/**
 * Checks and coerces one value against its declaration. Every surface funnels
 * through here: JSON from the REST API (typed values), and text from Escene XML,
 * telnet and the CLI (strings), so "1", "true" and true are all the same bool,
 * "3600" is the int 3600, and an enum accepts its value, its label or its XML code.
 *
 * Reasons always start with the key, so a list of them reads on its own:
 * "account.1.registerExpires: must be an integer 30..86400".
 */
export type ValidationResult = Result<SettingValue, string>;

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['0', 'false', 'off', 'no', 'disable', 'disabled']);
const INT_RE = /^[+-]?\d+$/;
/** RFC 1123 §2.1 host name label: letters, digits, hyphen, not at either end, ≤ 63 chars. */
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const compiled = new WeakMap<SettingDef, RegExp>();

/** The anchored form of `def.pattern`; throws on a malformed expression (a declaration bug). */
export function patternOf(def: SettingDef): RegExp | undefined {
  if (def.pattern === undefined) return undefined;
  let re = compiled.get(def);
  if (!re) {
    re = new RegExp(`^(?:${def.pattern})$`, 'u');
    compiled.set(def, re);
  }
  return re;
}

export function validateSetting(def: SettingDef, value: unknown): ValidationResult {
  const bad = (why: string): ValidationResult => ({ ok: false, reason: `${def.key}: ${why}` });
  switch (def.kind) {
    case 'bool':
      return coerceBool(value) ?? bad('must be a boolean (true/false, 1/0, on/off)');
    case 'int':
    case 'port':
      return checkInt(def, value, bad);
    case 'enum':
      return checkEnum(def, value, bad);
    case 'string':
    case 'password':
    case 'host':
    case 'ip':
      return checkText(def, value, bad);
  }
}

function coerceBool(value: unknown): ValidationResult | undefined {
  if (typeof value === 'boolean') return { ok: true, value };
  if (value === 1 || value === 0) return { ok: true, value: value === 1 };
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  }
  return undefined;
}

function rangeText(def: SettingDef): string {
  const lo = def.min ?? (def.kind === 'port' ? 1 : undefined);
  const hi = def.max ?? (def.kind === 'port' ? 65535 : undefined);
  if (lo !== undefined && hi !== undefined) return ` ${lo}..${hi}`;
  if (lo !== undefined) return ` >= ${lo}`;
  if (hi !== undefined) return ` <= ${hi}`;
  return '';
}

function checkInt(def: SettingDef, value: unknown, bad: (why: string) => ValidationResult): ValidationResult {
  const what = def.kind === 'port' ? 'a port' : 'an integer';
  let n: number | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) n = value;
  else if (typeof value === 'string' && INT_RE.test(value.trim())) {
    const parsed = Number(value.trim());
    if (Number.isSafeInteger(parsed)) n = parsed;
  }
  const min = def.min ?? (def.kind === 'port' ? 1 : Number.MIN_SAFE_INTEGER);
  const max = def.max ?? (def.kind === 'port' ? 65535 : Number.MAX_SAFE_INTEGER);
  if (n === undefined || n < min || n > max) return bad(`must be ${what}${rangeText(def)}`);
  return { ok: true, value: n };
}

/** Finds the option a text names: its value, its XML code, or (case-insensitively) its label. */
export function findOption(def: SettingDef, text: string): EnumOption | undefined {
  const options = def.options ?? [];
  const t = text.trim();
  return (
    options.find((o) => o.value === t) ??
    options.find((o) => o.xml !== undefined && o.xml === t) ??
    options.find((o) => o.label.toLowerCase() === t.toLowerCase())
  );
}

function checkEnum(def: SettingDef, value: unknown, bad: (why: string) => ValidationResult): ValidationResult {
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  const option = text === undefined ? undefined : findOption(def, text);
  if (!option) {
    const list = (def.options ?? []).map((o) => (o.label && o.label !== o.value ? `${o.value} (${o.label})` : o.value));
    return bad(`must be one of ${list.join(', ')}`);
  }
  return { ok: true, value: option.value };
}

function checkText(def: SettingDef, value: unknown, bad: (why: string) => ValidationResult): ValidationResult {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value); // JSON "user": 1001
  else return bad('must be a string');
  if (def.kind === 'host' || def.kind === 'ip') text = text.trim();
  // Control characters would break the XML/telnet line formats and never belong in a setting.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return bad('must not contain control characters');
  if (def.maxLength !== undefined && [...text].length > def.maxLength) {
    return bad(`must be at most ${def.maxLength} characters`);
  }
  if (def.kind === 'host' && text !== '' && !isHostPort(text)) {
    return bad('must be a host name or IP address, optionally with :port');
  }
  if (def.kind === 'ip' && text !== '' && isIP(text) === 0) return bad('must be an IPv4 or IPv6 address');
  const re = patternOf(def);
  if (re && !re.test(text)) return bad(`must match ${def.pattern}`);
  return { ok: true, value: text };
}

/** host | IPv4 | [IPv6] | bare IPv6, the first three optionally followed by :port (1..65535). */
export function isHostPort(text: string): boolean {
  let host = text;
  let port: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return false;
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return false;
      port = rest.slice(1);
    }
    if (isIP(host) !== 6) return false;
  } else if (isIP(text) === 6) {
    return true;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      port = text.slice(colon + 1);
    }
    if (!isHostName(host)) return false;
  }
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port)) return false;
    const n = Number(port);
    if (n < 1 || n > 65535) return false;
  }
  return true;
}

function isHostName(host: string): boolean {
  if (isIP(host) === 4) return true;
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  if (!labels.every((l) => LABEL_RE.test(l))) return false;
  // "999.1.1.1" is label-shaped but is a broken IPv4 address, not a name (RFC 1123 §2.1).
  return !labels.every((l) => /^\d+$/.test(l));
}

/**
 * Problems with a declaration itself (caught by SettingsRegistry.define at startup):
 * missing options, unusable ranges, ambiguous enum codes, a default that fails its own rules.
 */
export function definitionProblems(def: SettingDef): string[] {
  const problems: string[] = [];
  if (!/^[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*$/.test(def.key)) problems.push('key must be dotted camelCase');
  if (def.min !== undefined && def.max !== undefined && def.min > def.max) problems.push('min > max');
  if ((def.min !== undefined || def.max !== undefined) && def.kind !== 'int' && def.kind !== 'port') {
    problems.push('min/max only apply to int and port');
  }
  if (def.kind === 'enum') problems.push(...enumProblems(def.options ?? []));
  else if (def.options) problems.push('options only apply to enum');
  if (def.pattern !== undefined) {
    try {
      patternOf(def);
    } catch (err) {
      problems.push(`bad pattern: ${(err as Error).message}`);
    }
  }
  if (problems.length === 0) {
    const checked = validateSetting(def, def.default);
    if (!checked.ok) problems.push(`bad default ${JSON.stringify(def.default)}: ${checked.reason}`);
    else if (checked.value !== def.default) problems.push(`default ${JSON.stringify(def.default)} is not in canonical form`);
  }
  return problems;
}

/** Options must be told apart whichever of value / XML code / label a surface sends. */
function enumProblems(options: EnumOption[]): string[] {
  if (options.length === 0) return ['enum without options'];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  options.forEach((o, i) => {
    const names = new Set([o.value, o.xml ?? o.value, o.label.toLowerCase()]);
    for (const name of names) {
      const owner = seen.get(name);
      if (owner !== undefined && owner !== String(i)) problems.push(`enum name "${name}" is used by two options`);
      seen.set(name, String(i));
    }
  });
  return problems;
}
