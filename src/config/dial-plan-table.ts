import { isIP } from 'node:net';
import type { PhoneDatabase } from './store/index.js';

/**
 * The manual's Advance > Dial Plan table ("ID, IP, prefix, Called Insert Number
 * (position, number), Called Delete Number") as stored data. The rules are rows,
 * not settings: the phone database keeps them as one JSON text
 * (`phone/dial-plan.json` in the kept texts; the name must not change, existing
 * databases hold it). The API (`GET/PUT /api/v1/dial-plan`) and the Escene file
 * (`RouteTabs`, escene/table-rows.ts) both go through checkDialPlanRules, so a
 * rule one accepts the other accepts too. What a rule does to a dialled number
 * is the phone's business (src/phone/features/dial-plan.ts).
 */
export interface DialPlanRule {
  id: number;
  prefix: string;
  /** host[:port] of a phone to call directly (peer-to-peer), no server involved. */
  ip?: string;
  insert?: { position: number; digits: string };
  remove?: { position: number; count: number };
}

export const DIAL_PLAN_TEXT = 'phone/dial-plan.json';
export const DIAL_PLAN_MAX_RULES = 100;

const DIGITS_RE = /^[0-9*#+]{0,32}$/;

/** Which part of a rule a refusal is about (the Escene import names the attribute). */
export type DialPlanRulePart = 'id' | 'prefix' | 'ip' | 'insert' | 'remove';

export type DialPlanRuleCheck = { ok: true; rule: DialPlanRule } | { ok: false; part: DialPlanRulePart | undefined; reason: string };

/** One rule from JSON; the id is checked for range only (uniqueness is the table's rule). */
export function checkDialPlanRule(raw: unknown): DialPlanRuleCheck {
  const r = raw as Partial<DialPlanRule> | null;
  if (!r || typeof r !== 'object') return { ok: false, part: undefined, reason: 'is not an object' };
  if (!Number.isInteger(r.id) || r.id! < 1) return { ok: false, part: 'id', reason: 'id must be a unique integer >= 1' };
  if (typeof r.prefix !== 'string' || r.prefix === '' || !DIGITS_RE.test(r.prefix)) {
    return { ok: false, part: 'prefix', reason: 'prefix must be 1-32 keypad characters' };
  }
  const rule: DialPlanRule = { id: r.id!, prefix: r.prefix };
  if (r.ip !== undefined && r.ip !== '') {
    if (typeof r.ip !== 'string' || !isHostPort(r.ip)) return { ok: false, part: 'ip', reason: 'ip must be an IP address with an optional port' };
    rule.ip = r.ip;
  }
  if (r.insert !== undefined) {
    const ins = r.insert as { position?: unknown; digits?: unknown };
    if (!isPosition(ins.position) || typeof ins.digits !== 'string' || !DIGITS_RE.test(ins.digits) || ins.digits === '') {
      return { ok: false, part: 'insert', reason: 'insert needs a position >= 0 and 1-32 keypad digits' };
    }
    rule.insert = { position: ins.position, digits: ins.digits };
  }
  if (r.remove !== undefined) {
    const rem = r.remove as { position?: unknown; count?: unknown };
    if (!isPosition(rem.position) || !Number.isInteger(rem.count) || (rem.count as number) < 1 || (rem.count as number) > 32) {
      return { ok: false, part: 'remove', reason: 'remove needs a position >= 0 and a count of 1-32' };
    }
    rule.remove = { position: rem.position, count: rem.count as number };
  }
  return { ok: true, rule };
}

export type DialPlanCheck = { ok: true; rules: DialPlanRule[] } | { ok: false; reason: string };

/** Validate a whole rule table from JSON (the API body, a file, the stored text). */
export function checkDialPlanRules(input: unknown): DialPlanCheck {
  if (!Array.isArray(input)) return { ok: false, reason: 'the rules must be an array' };
  if (input.length > DIAL_PLAN_MAX_RULES) return { ok: false, reason: `at most ${DIAL_PLAN_MAX_RULES} rules` };
  const rules: DialPlanRule[] = [];
  const ids = new Set<number>();
  for (const [i, raw] of input.entries()) {
    const where = `rule ${i + 1}`;
    const checked = checkDialPlanRule(raw);
    if (!checked.ok) return { ok: false, reason: checked.part ? `${where}: ${checked.reason}` : `${where} ${checked.reason}` };
    if (ids.has(checked.rule.id)) return { ok: false, reason: `${where}: id must be a unique integer >= 1` };
    ids.add(checked.rule.id);
    rules.push(checked.rule);
  }
  return { ok: true, rules };
}

/** The stored table; a damaged text reads as no rules (the phone still dials). */
export function readDialPlan(db: PhoneDatabase): DialPlanRule[] {
  const text = db.keptTexts.get(DIAL_PLAN_TEXT);
  if (!text) return [];
  try {
    const parsed = checkDialPlanRules(JSON.parse(text) as unknown);
    return parsed.ok ? parsed.rules : [];
  } catch {
    return [];
  }
}

/** Replace the whole table: every rule valid or nothing is written. */
export function writeDialPlan(db: PhoneDatabase, input: unknown): DialPlanCheck {
  const checked = checkDialPlanRules(input);
  if (checked.ok) db.keptTexts.set(DIAL_PLAN_TEXT, JSON.stringify(checked.rules));
  return checked;
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
