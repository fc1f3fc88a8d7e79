import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AdminPage } from '../../../src/web/admin-pages.js';
import { api, errorText } from '../../shared/api-client.js';
import { Banner, Card } from '../../shared/components.js';
import { RegistryPage } from './registry-page.js';

/**
 * Advance > Dial Plan (rules: ID, IP, prefix, Called Insert Number with position and
 * number, Called Delete Number) and Advance > IP Strategy (the addresses allowed to
 * call). Both are lists, not settings: edited here and saved as a whole
 * (PUT /api/v1/dial-plan, PUT /api/v1/ip-strategy); the switches above them are registry settings.
 */
interface DialRule {
  id: number;
  prefix: string;
  ip?: string;
  insert?: { position: number; digits: string };
  remove?: { position: number; count: number };
}

interface RuleForm {
  id: string;
  prefix: string;
  ip: string;
  insertOn: boolean;
  insertPosition: string;
  insertDigits: string;
  removeOn: boolean;
  removePosition: string;
  removeCount: string;
}

const toForm = (r: DialRule): RuleForm => ({
  id: String(r.id),
  prefix: r.prefix,
  ip: r.ip ?? '',
  insertOn: r.insert !== undefined,
  insertPosition: String(r.insert?.position ?? 0),
  insertDigits: r.insert?.digits ?? '',
  removeOn: r.remove !== undefined,
  removePosition: String(r.remove?.position ?? 0),
  removeCount: String(r.remove?.count ?? 1),
});

const num = (s: string): number | string => (/^\d+$/.test(s.trim()) ? Number(s) : s);

function toRule(f: RuleForm): DialRule {
  return {
    id: num(f.id) as number,
    prefix: f.prefix,
    ...(f.ip.trim() ? { ip: f.ip.trim() } : {}),
    ...(f.insertOn ? { insert: { position: num(f.insertPosition) as number, digits: f.insertDigits } } : {}),
    ...(f.removeOn ? { remove: { position: num(f.removePosition) as number, count: num(f.removeCount) as number } } : {}),
  };
}

function DialPlanRules() {
  const [rules, setRules] = useState<RuleForm[]>();
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const load = useCallback(async () => {
    try {
      setRules((await api<DialRule[]>('GET', '/dial-plan')).map(toForm));
    } catch (err) {
      setOutcome({ kind: 'error', text: `Cannot read the rules: ${errorText(err)}` });
    }
  }, []);
  useEffect(() => void load(), [load]);
  if (!rules) return outcome ? <Banner kind="error">{outcome.text}</Banner> : <p class="muted">Loading…</p>;
  const set = (i: number, patch: Partial<RuleForm>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => setRules([...rules, toForm({ id: rules.reduce((m, r) => Math.max(m, Number(r.id) || 0), 0) + 1, prefix: '' })]);
  const save = async () => {
    try {
      setRules((await api<DialRule[]>('PUT', '/dial-plan', { body: rules.map(toRule) })).map(toForm));
      setOutcome({ kind: 'ok', text: `Saved ${rules.length} rule${rules.length === 1 ? '' : 's'}: dialled numbers use them now.` });
    } catch (err) {
      setOutcome({ kind: 'error', text: `Not saved: ${errorText(err)}` });
    }
  };
  const input = (i: number, key: keyof RuleForm, width = 'narrow') => (
    <input class={`input ${width}`} name={`rule-${i}-${key}`} value={String(rules[i]![key])} onInput={(e) => set(i, { [key]: (e.currentTarget as HTMLInputElement).value })} />
  );
  const check = (i: number, key: 'insertOn' | 'removeOn') => (
    <input type="checkbox" name={`rule-${i}-${key}`} checked={rules[i]![key]} onChange={(e) => set(i, { [key]: (e.currentTarget as HTMLInputElement).checked })} />
  );
  return (
    <Card
      title="Dial Plan Rules"
      actions={
        <>
          <button type="button" class="btn btn-small" onClick={add} disabled={rules.length >= 100}>
            Add Rule
          </button>
          <button type="button" class="btn btn-small btn-primary" onClick={() => void save()} data-testid="rules-save">
            Save Rules
          </button>
        </>
      }
    >
      {outcome ? <Banner kind={outcome.kind}>{outcome.text}</Banner> : null}
      {rules.length === 0 ? (
        <div class="empty">No rules: numbers are dialled as typed.</div>
      ) : (
        <table class="table rules">
          <thead>
            <tr>
              <th>ID</th>
              <th>Prefix</th>
              <th>IP</th>
              <th>Called Insert Number</th>
              <th>Called Delete Number</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((_, i) => (
              <tr key={i}>
                <td>{input(i, 'id', 'tiny')}</td>
                <td>{input(i, 'prefix')}</td>
                <td>{input(i, 'ip')}</td>
                <td>
                  <div class="row">
                    {check(i, 'insertOn')} at {input(i, 'insertPosition', 'tiny')} insert {input(i, 'insertDigits')}
                  </div>
                </td>
                <td>
                  <div class="row">
                    {check(i, 'removeOn')} at {input(i, 'removePosition', 'tiny')} delete {input(i, 'removeCount', 'tiny')}
                  </div>
                </td>
                <td class="actions">
                  <button type="button" class="btn btn-small btn-danger" onClick={() => setRules(rules.filter((__, j) => j !== i))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted small">
        A number starting with the prefix gets the digits inserted at the position (counting from 0), then the count of characters deleted; with an IP it
        is called directly at that address. The longest matching prefix wins.
      </p>
    </Card>
  );
}

export function DialPlanPage(props: { page: AdminPage }) {
  return (
    <RegistryPage page={props.page}>
      <DialPlanRules />
    </RegistryPage>
  );
}

function IpStrategyList() {
  const [addresses, setAddresses] = useState<string[]>();
  const [next, setNext] = useState('');
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  useEffect(() => {
    api<{ addresses: string[] }>('GET', '/ip-strategy').then(
      (r) => setAddresses(r.addresses),
      (err: unknown) => setOutcome({ kind: 'error', text: errorText(err) }),
    );
  }, []);
  const save = async (list: string[]) => {
    try {
      const r = await api<{ addresses: string[] }>('PUT', '/ip-strategy', { body: { addresses: list } });
      setAddresses(r.addresses);
      setOutcome({ kind: 'ok', text: `Saved: ${r.addresses.length} address${r.addresses.length === 1 ? '' : 'es'} allowed.` });
      setNext('');
    } catch (err) {
      setOutcome({ kind: 'error', text: `Not saved: ${errorText(err)}` });
    }
  };
  if (!addresses) return outcome ? <Banner kind="error">{outcome.text}</Banner> : <p class="muted">Loading…</p>;
  return (
    <Card title="Allowed addresses">
      {outcome ? <Banner kind={outcome.kind}>{outcome.text}</Banner> : null}
      <table class="table">
        <tbody>
          {addresses.length === 0 ? (
            <tr>
              <td class="muted">No address: with IP Strategy on, no call is allowed in.</td>
            </tr>
          ) : null}
          {addresses.map((a) => (
            <tr key={a}>
              <td>
                <code>{a}</code>
              </td>
              <td class="actions">
                <button type="button" class="btn btn-small btn-danger" onClick={() => void save(addresses.filter((x) => x !== a))}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="row add-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (next.trim()) void save([...addresses, next.trim()]);
        }}
      >
        <input class="input" name="ip-strategy-address" placeholder="192.168.0.248 or 10.0.0.0/8" value={next} onInput={(e) => setNext((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="btn">
          Add
        </button>
      </form>
    </Card>
  );
}

export function IpStrategyPage(props: { page: AdminPage }) {
  return (
    <RegistryPage page={props.page} intro={<p class="muted">With IP Strategy on, only calls from the listed addresses are accepted (manual §7 Advance).</p>}>
      <IpStrategyList />
    </RegistryPage>
  );
}
