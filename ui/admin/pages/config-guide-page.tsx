import { useState } from 'preact/hooks';
import { ApiError, errorText } from '../../shared/api-client.js';
import { Banner, Card } from '../../shared/components.js';
import { linkClick } from '../router.js';
import { FieldRow } from '../settings/field-control.js';
import { saveSettings, type SchemaEntry, type SettingValue } from '../settings/settings-data.js';
import { useSettings } from './registry-page.js';

/**
 * Config Guide (manual §7: "finish the base configuration step-by-step": Network,
 * then the SIP account, then Finish). The steps collect changes; Finish saves them
 * in one atomic PATCH, and a refused value sends you back to its step.
 */
const STEPS = [
  {
    title: 'Network',
    intro: 'How the phone gets its address. These are host-managed: the host OS applies them.',
    keys: ['network.mode', 'network.ipAddress', 'network.subnetMask', 'network.gateway', 'network.dnsAuto', 'network.dns1', 'network.dns2'],
  },
  {
    title: 'SIP Account',
    intro: 'Line 1: the account the phone registers with. It registers as soon as you finish.',
    keys: ['account.1.enabled', 'account.1.displayName', 'account.1.user', 'account.1.authName', 'account.1.password', 'account.1.server', 'account.1.transport'],
  },
  { title: 'Finish', intro: 'Check and save.', keys: [] as string[] },
] as const;

export function ConfigGuidePage() {
  const { schema, values, error, reload } = useSettings();
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Record<string, SettingValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  if (error) return <Banner kind="error">Cannot load the settings: {error}</Banner>;
  if (!schema || !values) return <p class="muted">Loading…</p>;
  const entry = (key: string) => schema.settings.find((e) => e.key === key);
  const entries = (keys: readonly string[]) => keys.map(entry).filter((e): e is SchemaEntry => e !== undefined);
  const change = (key: string, v: SettingValue | undefined) => {
    const next = { ...draft };
    if (v === undefined) delete next[key];
    else next[key] = v;
    setDraft(next);
  };
  const finish = async () => {
    try {
      const result = await saveSettings(draft);
      setDraft({});
      setErrors({});
      await reload();
      setOutcome({ kind: 'ok', text: `Done: ${result.changed.length} settings saved. The phone is ready to call.` });
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        setErrors(Object.fromEntries(err.errors.map((e) => [e.key, e.reason.replace(/^[\w.]+: /, '')])));
        const back = STEPS.findIndex((s) => (s.keys as readonly string[]).includes(err.errors[0]!.key));
        if (back >= 0) setStep(back);
        setOutcome({ kind: 'error', text: 'A value was refused: nothing was saved. Correct it and finish again.' });
      } else {
        setOutcome({ kind: 'error', text: errorText(err) });
      }
    }
  };
  const current = STEPS[step]!;
  const changed = Object.keys(draft);
  return (
    <>
      <ol class="steps">
        {STEPS.map((s, i) => (
          <li key={s.title} class={i === step ? 'active' : i < step ? 'done' : undefined}>
            <span class="step-n">{i + 1}</span> {s.title}
          </li>
        ))}
      </ol>
      {outcome ? (
        <Banner kind={outcome.kind} testId="guide-outcome">
          {outcome.text}{' '}
          {outcome.kind === 'ok' ? (
            <a href="/status" onClick={linkClick('/status')}>
              Phone Status
            </a>
          ) : null}
        </Banner>
      ) : null}
      <Card title={current.title}>
        <p class="muted">{current.intro}</p>
        {entries(current.keys).map((e) => (
          <FieldRow key={e.key} entry={e} value={values[e.key]} draft={draft[e.key]} error={errors[e.key]} onChange={change} />
        ))}
        {step === STEPS.length - 1 ? (
          changed.length === 0 ? (
            <p>No changes to save.</p>
          ) : (
            <table class="table">
              <tbody>
                {changed.map((k) => (
                  <tr key={k}>
                    <td>{entry(k)?.label ?? k}</td>
                    <td>{entry(k)?.kind === 'password' ? '••••••••' : String(draft[k])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </Card>
      <div class="save-bar">
        <button type="button" class="btn" disabled={step === 0} onClick={() => setStep(step - 1)}>
          Back
        </button>
        <span class="spacer" />
        {step < STEPS.length - 1 ? (
          <button type="button" class="btn btn-primary" onClick={() => setStep(step + 1)} data-testid="guide-next">
            Next
          </button>
        ) : (
          <button type="button" class="btn btn-primary" disabled={changed.length === 0} onClick={() => void finish()} data-testid="guide-finish">
            Finish
          </button>
        )}
      </div>
    </>
  );
}
