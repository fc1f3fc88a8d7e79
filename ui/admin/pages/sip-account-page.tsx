import { Banner } from '../../shared/components.js';
import { linkClick, useLocation } from '../router.js';
import { groupEntries } from '../settings/field-groups.js';
import { lineNumbers } from '../settings/settings-data.js';
import { SettingsForm } from '../settings/settings-form.js';
import { useSettings } from './registry-page.js';
import { LineState, useSystemInfo } from './status-page.js';

/**
 * SIP Account (manual §7: "Choose one Account, you will find the following
 * parameters"): one tab per line (2 on the ES320, 3 on the ES330), every field of
 * the manual's table under SIP Setting, Call and Security, and the line's
 * registration state, refreshed while the page is open (a saved account
 * re-registers at once).
 */
export function SipAccountPage() {
  const { schema, values, error, reload } = useSettings();
  const { query } = useLocation();
  const { info } = useSystemInfo(3000);
  if (error) return <Banner kind="error">Cannot load the settings: {error}</Banner>;
  if (!schema || !values) return <p class="muted">Loading…</p>;
  const lines = lineNumbers(schema);
  const wanted = Number(query.get('line') ?? '1');
  const line = lines.includes(wanted) ? wanted : lines[0]!;
  const entries = schema.settings.filter((e) => e.page === 'SIP Account' && e.key.startsWith(`account.${line}.`));
  const status = info?.lines.find((l) => l.line === line);
  return (
    <>
      <div class="tabs" role="tablist">
        {lines.map((n) => {
          const s = info?.lines.find((l) => l.line === n);
          const label = values[`account.${n}.label`] || values[`account.${n}.user`];
          return (
            <a
              key={n}
              role="tab"
              aria-selected={n === line}
              class={n === line ? 'tab active' : 'tab'}
              href={`/sip-account?line=${n}`}
              onClick={linkClick(`/sip-account?line=${n}`)}
              data-testid={`line-tab-${n}`}
            >
              Line {n}
              {label ? <span class="muted"> · {String(label)}</span> : null}
              {s ? <span class={`dot ${s.registered ? 'dot-ok' : s.state === 'auth-failed' || s.state === 'failed' ? 'dot-bad' : 'dot-idle'}`} /> : null}
            </a>
          );
        })}
      </div>
      {status ? (
        <div class="row line-status" data-testid="line-state">
          <span class="muted">Line {line}:</span>
          <LineState state={status.state} registered={status.registered} />
          {status.reason ? <span class="muted">{status.reason}</span> : null}
        </div>
      ) : null}
      <SettingsForm key={line} groups={groupEntries('SIP Account', entries)} values={values} onSaved={reload} />
    </>
  );
}
