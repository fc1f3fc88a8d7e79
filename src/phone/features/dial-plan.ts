import { type DialPlanRule, readDialPlan, writeDialPlan } from '../../config/index.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { DialRequest, PhoneFeature } from '../phone-feature.js';

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
 * the manual gives no order). The rules are rows, not settings: the table, its
 * checks and its storage (`phone/dial-plan.json` in the kept texts) are config's
 * (src/config/dial-plan-table.ts), shared by `GET/PUT /api/v1/dial-plan` and
 * the Escene file's `RouteTabs`.
 */
const KEYPAD_NUMBER_RE = /^[0-9*#+]+$/;

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
    return readDialPlan(this.ctx.db);
  }

  /** Replace the whole table (all or nothing). */
  setRules(input: unknown): DialPlanRule[] {
    const written = writeDialPlan(this.ctx.db, input);
    if (!written.ok) throw new PhoneError('PHONE_BAD_TARGET', `dial plan: ${written.reason}`);
    return written.rules;
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
