import { isIP } from 'node:net';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { DialRequest, PhoneFeature } from '../phone-feature.js';
import type { DialPlanRule } from '../phone-types.js';

/**
 * The manual's Advance > Dial Plan rules ("ID, IP, prefix, Called Insert
 * Number (position, number), Called Delete Number"; note: "add code first,
 * after that base on the number you add, decide the position and length of
 * the delete code"). A dialled number (keypad characters only, not a URI or
 * user@host) that starts with a rule's prefix is rewritten:
 *
 *   1. insert `insert.digits` at `insert.position`,
 *   2. then delete `remove.count` characters at `remove.position`
 *      (positions count from 0, before the first digit; past the end = at the end),
 *   3. with an IP, call that phone directly: "<number>@<ip>" (peer-to-peer,
 *      no server), else dial the result on the line as usual.
 *
 * When several prefixes match, the longest wins (the usual dial-plan rule;
 * the manual gives no order). The rules are rows, not settings: they live in
 * the phone database as JSON (`phone/dial-plan.json` in the kept texts) and
 * are read and replaced through `GET/PUT /api/v1/dial-plan`.
 */
export const DIAL_PLAN_TEXT = 'phone/dial-plan.json';
export const DIAL_PLAN_MAX_RULES = 100;

const KEYPAD_NUMBER_RE = /^[0-9*#+]+$/;
const DIGITS_RE = /^[0-9*#+]{0,32}$/;

export class DialPlanFeature implements PhoneFeature {
  readonly name = 'dial-plan';

  constructor(private readonly ctx: PhoneContext) {}

  rewriteDial(request: DialRequest): DialRequest {
    const to = request.to.trim();
    if (!KEYPAD_NUMBER_RE.test(to)) return request;
    const rule = matchRule(this.rules(), to);
    if (!rule) return request;
    const rewritten = applyRule(rule, to);
    this.ctx.logger.info('dial plan rule applied', { rule: rule.id, from: to, to: rewritten });
    return { ...request, to: rewritten };
  }

  rules(): DialPlanRule[] {
    const text = this.ctx.db.keptTexts.get(DIAL_PLAN_TEXT);
    if (!text) return [];
    try {
      const parsed = checkRules(JSON.parse(text) as unknown);
      return parsed.ok ? parsed.rules : [];
    } catch {
      return [];
    }
  }

  /** Replace the whole table (all or nothing). */
  setRules(input: unknown): DialPlanRule[] {
    const checked = checkRules(input);
    if (!checked.ok) throw new PhoneError('PHONE_BAD_TARGET', `dial plan: ${checked.reason}`);
    this.ctx.db.keptTexts.set(DIAL_PLAN_TEXT, JSON.stringify(checked.rules));
    return checked.rules;
  }
}

export function matchRule(rules: readonly DialPlanRule[], number: string): DialPlanRule | undefined {
  let best: DialPlanRule | undefined;
  for (const r of rules) if (number.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  return best;
}

export function applyRule(rule: DialPlanRule, number: string): string {
  let n = number;
  if (rule.insert) {
    const at = Math.min(rule.insert.position, n.length);
    n = n.slice(0, at) + rule.insert.digits + n.slice(at);
  }
  if (rule.remove) {
    const at = Math.min(rule.remove.position, n.length);
    n = n.slice(0, at) + n.slice(at + rule.remove.count);
  }
  return rule.ip ? `${n}@${rule.ip}` : n;
}

type Checked = { ok: true; rules: DialPlanRule[] } | { ok: false; reason: string };

/** Validate a rule table from JSON (the API body or the stored text). */
export function checkRules(input: unknown): Checked {
  if (!Array.isArray(input)) return { ok: false, reason: 'the rules must be an array' };
  if (input.length > DIAL_PLAN_MAX_RULES) return { ok: false, reason: `at most ${DIAL_PLAN_MAX_RULES} rules` };
  const rules: DialPlanRule[] = [];
  const ids = new Set<number>();
  for (const [i, raw] of input.entries()) {
    const r = raw as Partial<DialPlanRule> | null;
    const where = `rule ${i + 1}`;
    if (!r || typeof r !== 'object') return { ok: false, reason: `${where} is not an object` };
    if (!Number.isInteger(r.id) || r.id! < 1 || ids.has(r.id!)) return { ok: false, reason: `${where}: id must be a unique integer >= 1` };
    if (typeof r.prefix !== 'string' || r.prefix === '' || !DIGITS_RE.test(r.prefix)) return { ok: false, reason: `${where}: prefix must be 1-32 keypad characters` };
    const rule: DialPlanRule = { id: r.id!, prefix: r.prefix };
    if (r.ip !== undefined && r.ip !== '') {
      if (typeof r.ip !== 'string' || !isHostPort(r.ip)) return { ok: false, reason: `${where}: ip must be an IP address with an optional port` };
      rule.ip = r.ip;
    }
    if (r.insert !== undefined) {
      const ins = r.insert as { position?: unknown; digits?: unknown };
      if (!isPosition(ins.position) || typeof ins.digits !== 'string' || !DIGITS_RE.test(ins.digits) || ins.digits === '') {
        return { ok: false, reason: `${where}: insert needs a position >= 0 and 1-32 keypad digits` };
      }
      rule.insert = { position: ins.position, digits: ins.digits };
    }
    if (r.remove !== undefined) {
      const rem = r.remove as { position?: unknown; count?: unknown };
      if (!isPosition(rem.position) || !Number.isInteger(rem.count) || (rem.count as number) < 1 || (rem.count as number) > 32) {
        return { ok: false, reason: `${where}: remove needs a position >= 0 and a count of 1-32` };
      }
      rule.remove = { position: rem.position, count: rem.count as number };
    }
    ids.add(rule.id);
    rules.push(rule);
  }
  return { ok: true, rules };
}

function isPosition(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 32;
}

function isHostPort(s: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return false;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return false;
  return isIP(m[1]!.replace(/^\[|\]$/g, '')) !== 0;
}
