/**
 * The two tables of the main config file that are rows, not settings:
 * `RouteTabs` (Advance > Dial Plan) and `WhiteTabs` (Advance > IP Strategy list).
 *
 * The real row format is unknown: every public Escene file shows these containers
 * empty (escene-formats.md §3, "list (seen empty) | child element names U"). So
 * the row element and attribute names here are Sayhi's own, spelled the way the
 * file spells its other rows (a singular tag, `id` first, PascalCase attributes
 * with `IP` upper case as in `IPAddress`):
 *
 *   <RouteTab id="1" Prefix="0" IP="192.0.2.10:5060" InsertPosition="0" InsertNumber="9" DeletePosition="" DeleteLength=""/>
 *   <WhiteTab id="0" IP="192.0.2.0/24"/>
 *
 * An empty attribute is "that part absent" (no IP, no insert, no delete), so every
 * row has the same attributes in the same order. A real phone's file with other
 * row names keeps them as unknown parts (config-file.ts) - nothing is lost, only
 * not applied. Rows are checked with the same rules as the API
 * (checkDialPlanRule, isIpStrategyAddress); every refusal names the row and the
 * attribute with its line, and the caller rejects the whole file.
 */
import { DIAL_PLAN_MAX_RULES, type DialPlanRule, checkDialPlanRule, checkDialPlanRules } from '../dial-plan-table.js';
import { IP_STRATEGY_MAX, checkIpStrategyList, isIpStrategyAddress } from '../ip-strategy-list.js';
import { AttributeReader } from './attribute-reader.js';
import type { EsceneAttr, EsceneElement } from './escene-doc.js';
import { type EsceneIssue, esceneIssue } from './escene-issue.js';

export const DIAL_PLAN_CONTAINER = 'RouteTabs';
export const DIAL_PLAN_ROW = 'RouteTab';
export const IP_STRATEGY_CONTAINER = 'WhiteTabs';
export const IP_STRATEGY_ROW = 'WhiteTab';

/** The tables as the config file carries them; a table left out is not in the file. */
export interface EsceneTables {
  dialPlan?: readonly DialPlanRule[];
  ipStrategy?: readonly string[];
}

/** Is `el` a row of a table this phone applies (rather than a part to keep)? */
export function isTableRow(container: string, el: EsceneElement): boolean {
  return (container === DIAL_PLAN_CONTAINER && el.tag === DIAL_PLAN_ROW) || (container === IP_STRATEGY_CONTAINER && el.tag === IP_STRATEGY_ROW);
}

/** The rows to write into `container` (none for other containers or an absent table). */
export function tableRows(container: string, tables: EsceneTables | undefined): EsceneElement[] {
  if (container === DIAL_PLAN_CONTAINER) return (tables?.dialPlan ?? []).map(routeRow);
  if (container === IP_STRATEGY_CONTAINER) return (tables?.ipStrategy ?? []).map((ip, n) => ({ tag: IP_STRATEGY_ROW, attrs: [attr('id', String(n)), attr('IP', ip)] }));
  return [];
}

function routeRow(rule: DialPlanRule): EsceneElement {
  return {
    tag: DIAL_PLAN_ROW,
    attrs: [
      attr('id', String(rule.id)),
      attr('Prefix', rule.prefix),
      attr('IP', rule.ip ?? ''),
      attr('InsertPosition', rule.insert ? String(rule.insert.position) : ''),
      attr('InsertNumber', rule.insert?.digits ?? ''),
      attr('DeletePosition', rule.remove ? String(rule.remove.position) : ''),
      attr('DeleteLength', rule.remove ? String(rule.remove.count) : ''),
    ],
  };
}

function attr(name: string, value: string): EsceneAttr {
  return { name, value };
}

/** Digits as a number; anything else passes through as text for the check to refuse. */
function integer(a: EsceneAttr | undefined): unknown {
  const t = a?.value.trim() ?? '';
  return /^\d{1,9}$/.test(t) ? Number(t) : a?.value;
}

function given(a: EsceneAttr | undefined): boolean {
  return a !== undefined && a.value !== '';
}

/** `RouteTabs` rows → the dial plan table, in file order; undefined when a row is refused. */
export function readDialPlanRows(file: string, rows: readonly EsceneElement[], errors: EsceneIssue[], warnings: EsceneIssue[]): DialPlanRule[] | undefined {
  const before = errors.length;
  const rules: DialPlanRule[] = [];
  const seen = new Map<number, EsceneElement>();
  for (const el of rows) {
    const r = new AttributeReader(errors, file, DIAL_PLAN_CONTAINER, el);
    const id = r.take('id');
    if (!id) {
      errors.push(esceneIssue('CFG_XML_ID', file, r.where, el.pos, `<${DIAL_PLAN_ROW}> has no id; which rule it is would be a guess`));
      continue;
    }
    const prefix = r.take('Prefix');
    const ip = r.take('IP');
    const insertAt = r.take('InsertPosition');
    const insertDigits = r.take('InsertNumber');
    const deleteAt = r.take('DeletePosition');
    const deleteCount = r.take('DeleteLength');
    const checked = checkDialPlanRule({
      id: integer(id),
      prefix: prefix?.value ?? '',
      ...(given(ip) ? { ip: ip!.value } : {}),
      ...(given(insertAt) || given(insertDigits) ? { insert: { position: given(insertAt) ? integer(insertAt) : undefined, digits: insertDigits?.value ?? '' } } : {}),
      ...(given(deleteAt) || given(deleteCount) ? { remove: { position: given(deleteAt) ? integer(deleteAt) : undefined, count: given(deleteCount) ? integer(deleteCount) : undefined } } : {}),
    });
    if (!checked.ok) {
      const [bad, name] =
        checked.part === 'prefix' ? [prefix, 'Prefix']
        : checked.part === 'ip' ? [ip, 'IP']
        : checked.part === 'insert' ? (positionText(insertAt) ? [insertDigits, 'InsertNumber'] : [insertAt, 'InsertPosition'])
        : checked.part === 'remove' ? (positionText(deleteAt) ? [deleteCount, 'DeleteLength'] : [deleteAt, 'DeletePosition'])
        : [id, 'id'];
      r.fail('CFG_XML_VALUE', bad, bad ? `value ${JSON.stringify(bad.value)} rejected: ${checked.reason}` : `${name} is missing: ${checked.reason}`, name);
      continue;
    }
    const earlier = seen.get(checked.rule.id);
    if (earlier) {
      const line = earlier.pos ? ` (line ${earlier.pos.line})` : '';
      r.fail('CFG_XML_DUPLICATE', id, `rule id ${checked.rule.id} is already in the file${line}`);
      continue;
    }
    seen.set(checked.rule.id, el);
    warnUnused(r, el, file, warnings);
    rules.push(checked.rule);
  }
  if (rules.length > DIAL_PLAN_MAX_RULES) {
    errors.push(esceneIssue('CFG_XML_LIMIT', file, DIAL_PLAN_CONTAINER, rows[DIAL_PLAN_MAX_RULES]?.pos, `${rules.length} dial plan rules; at most ${DIAL_PLAN_MAX_RULES}`));
  }
  if (errors.length > before) return undefined;
  // the table's own rules, once more as a whole: what the API would store
  const whole = checkDialPlanRules(rules);
  if (!whole.ok) {
    errors.push(esceneIssue('CFG_XML_VALUE', file, DIAL_PLAN_CONTAINER, undefined, whole.reason));
    return undefined;
  }
  return whole.rules;
}

function positionText(a: EsceneAttr | undefined): boolean {
  const n = integer(a);
  return typeof n === 'number' && n <= 32;
}

/** `WhiteTabs` rows → the IP strategy list, in id order; undefined when a row is refused. */
export function readIpStrategyRows(file: string, rows: readonly EsceneElement[], errors: EsceneIssue[], warnings: EsceneIssue[]): string[] | undefined {
  const before = errors.length;
  const byId = new Map<number, { el: EsceneElement; ip: string }>();
  for (const el of rows) {
    const r = new AttributeReader(errors, file, IP_STRATEGY_CONTAINER, el);
    const id = r.take('id');
    if (!id) {
      errors.push(esceneIssue('CFG_XML_ID', file, r.where, el.pos, `<${IP_STRATEGY_ROW}> has no id; which row it is would be a guess`));
      continue;
    }
    const n = integer(id);
    if (typeof n !== 'number') {
      r.fail('CFG_XML_VALUE', id, `value ${JSON.stringify(id.value)} rejected: id must be an integer >= 0`);
      continue;
    }
    const ip = r.take('IP');
    const address = ip?.value.trim() ?? '';
    if (!ip || !isIpStrategyAddress(address)) {
      const reason = 'not an IP address or an IPv4 range (a.b.c.d/len)';
      r.fail('CFG_XML_VALUE', ip, ip ? `value ${JSON.stringify(ip.value)} rejected: ${reason}` : `IP is missing`, 'IP');
      continue;
    }
    const earlier = byId.get(n);
    if (earlier) {
      const line = earlier.el.pos ? ` (line ${earlier.el.pos.line})` : '';
      r.fail('CFG_XML_DUPLICATE', id, `row id ${n} is already in the file${line}`);
      continue;
    }
    byId.set(n, { el, ip: address });
    warnUnused(r, el, file, warnings);
  }
  if (errors.length > before) return undefined;
  const checked = checkIpStrategyList([...byId.entries()].sort(([a], [b]) => a - b).map(([, row]) => row.ip));
  if (!checked.ok) {
    const code = checked.reason.startsWith('at most') ? 'CFG_XML_LIMIT' : 'CFG_XML_VALUE';
    errors.push(esceneIssue(code, file, IP_STRATEGY_CONTAINER, rows[IP_STRATEGY_MAX]?.pos, checked.reason));
    return undefined;
  }
  return checked.addresses;
}

/** Attributes a Sayhi row does not have: warned about, not kept (the row format is ours). */
function warnUnused(r: AttributeReader, el: EsceneElement, file: string, warnings: EsceneIssue[]): void {
  const rest = r.rest();
  if (rest.length === 0) return;
  const names = rest.map((a) => a.name).join(', ');
  warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, r.where, el.pos, `attributes not used: ${names}; not kept (<${el.tag}> is Sayhi's own row format)`));
}
