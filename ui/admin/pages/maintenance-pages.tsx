import { Fragment } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AdminPage } from '../../../src/web/admin-pages.js';
import { ApiError, api, downloadFile, errorText } from '../../shared/api-client.js';
import { Banner, Card, ConfirmButton } from '../../shared/components.js';
import { linkClick } from '../router.js';
import { useSession } from '../session.js';
import { useLabels } from '../settings/use-labels.js';
import { RegistryPage } from './registry-page.js';

/** Phone Maintenance (manual §7): Log, Default Setting, Auto Provision, HTTP Upgrade, Reboot. */

interface LogRecord {
  time: number;
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

function LogView() {
  const [log, setLog] = useState<{ kept: boolean; records: LogRecord[]; capacity?: number; dropped?: number }>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setLog(await api('GET', '/log'));
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(), [load]);
  const line = (r: LogRecord) => {
    const extra = Object.entries(r.fields ?? {})
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${new Date(r.time).toISOString().replace('T', ' ').slice(0, 23)} ${r.level.toUpperCase().padEnd(5)} ${r.msg}${extra ? ' ' + extra : ''}`;
  };
  return (
    <Card
      title="Recent log lines"
      actions={
        <>
          <button type="button" class="btn btn-small" onClick={() => void load()}>
            Refresh
          </button>
          <button type="button" class="btn btn-small" onClick={() => void downloadFile('/api/v1/log/download', 'sayhi.log').catch((e: unknown) => setError(errorText(e)))} data-testid="log-download">
            Download
          </button>
          <ConfirmButton label="Clear" small question="Forget the kept log lines?" onConfirm={() => void api('DELETE', '/log').then(load)} />
        </>
      }
    >
      {error ? <Banner kind="error">{error}</Banner> : null}
      {log && !log.kept ? <p class="muted">This phone was started without keeping its log in memory.</p> : null}
      {log && log.kept ? (
        <>
          <p class="muted small">
            The latest {log.records.length} lines (up to {log.capacity}, newest last{log.dropped ? `; ${log.dropped} older ones let go` : ''}).
          </p>
          <div class="log-view" data-testid="log-view">
            {log.records.length === 0 ? <span class="muted">No log lines yet.</span> : null}
            {log.records.map((r, i) => (
              <div key={i} class={r.level === 'error' ? 'log-error' : r.level === 'warn' ? 'log-warn' : undefined}>
                {line(r)}
              </div>
            ))}
          </div>
        </>
      ) : null}
    </Card>
  );
}

export function LogPage(props: { page: AdminPage }) {
  return (
    <RegistryPage page={props.page}>
      <LogView />
    </RegistryPage>
  );
}

export function DefaultSettingPage() {
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const reset = async () => {
    try {
      const res = await api<{ removed: Record<string, number> }>('POST', '/maintenance/factory-reset');
      const r = res.removed;
      setOutcome({
        kind: 'ok',
        text: `Factory settings restored (${r.settings ?? 0} settings, ${r.contacts ?? 0} contacts, ${r.groups ?? 0} groups, ${r.banlist ?? 0} banlist entries removed). The logins are root/root and user/user again: log in again.`,
      });
      setTimeout(() => location.assign('/login'), 4000);
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err) });
    }
  };
  return (
    <>
      {outcome ? (
        <Banner kind={outcome.kind} testId="reset-outcome">
          {outcome.text}
        </Banner>
      ) : null}
      <Card title="Default Setting" padded>
        <p>
          Load the factory default settings: every setting back to its default, the personal and enterprise phonebooks, groups, banlist, call history and
          programmable keys deleted, and the web logins back to <code>root/root</code> and <code>user/user</code>. Lines un-register. Every browser session
          ends.
        </p>
        <p class="muted">Sayhi applies the reset at once (the manual's phone does it at the next reboot).</p>
        <ConfirmButton
          label="Reset to Factory Setting"
          danger
          question="Reset the phone to its factory settings? Every setting, contact and login is lost."
          onConfirm={() => void reset()}
          testId="factory-reset"
        />
      </Card>
    </>
  );
}

export function AutoProvisionPage(props: { page: AdminPage }) {
  return (
    <RegistryPage
      page={props.page}
      intro={
        <Banner kind="info">
          The settings are stored and exported to Escene config files now. Fetching from the server (<em>Auto Provision Now</em>, the schedule, boot
          check) arrives with the provisioning module.
        </Banner>
      }
    />
  );
}

/**
 * FTP Upgrade and TFTP Upgrade (manual §7): the server settings, and what the
 * manual's actions do here. Fetching from or sending to the server needs the
 * provisioning fetchers (not built yet), so the page names each action and
 * where it stands instead of showing buttons that could do nothing.
 */
const TRANSFER_ACTIONS: Array<[string, string]> = [
  ['Software Upgrade, Kernel Upgrade', 'Not applicable: Sayhi is upgraded as a program (npm), not as phone firmware.'],
  ['Configuration (update / backup)', 'Arrives with the provisioning module; HTTP Upgrade uploads and downloads it now.'],
  ['Phone Book (update / backup)', 'Arrives with the provisioning module; HTTP Upgrade uploads and downloads it now.'],
  ['EXT Module (update / backup)', 'Arrives with the provisioning module; HTTP Upgrade uploads and downloads it now.'],
];

export function FileUpgradePage(props: { page: AdminPage }) {
  return (
    <RegistryPage page={props.page}>
      <Card title="Actions" padded>
        <dl class="facts" data-testid="transfer-actions">
          {TRANSFER_ACTIONS.map(([what, status]) => (
            <Fragment key={what}>
              <dt>{what}</dt>
              <dd class="muted">{status}</dd>
            </Fragment>
          ))}
        </dl>
        <a class="btn btn-small" href="/maintenance/http-upgrade" onClick={linkClick('/maintenance/http-upgrade')}>
          Open HTTP Upgrade
        </a>
      </Card>
    </RegistryPage>
  );
}

/** One row of HTTP Upgrade: a file the phone takes (upload) and gives (download). */
function FileRow(props: { label: string; path: string; filename: string; describe(res: Record<string, unknown>): string; note?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const upload = async (file: File) => {
    try {
      const res = await api<Record<string, unknown>>('PUT', props.path, { body: await file.text(), contentType: 'application/xml' });
      setOutcome({ kind: 'ok', text: `${file.name}: ${props.describe(res)}` });
    } catch (err) {
      setOutcome({ kind: 'error', text: `${file.name} refused, nothing changed: ${err instanceof ApiError ? err.message : errorText(err)}` });
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const slug = props.label.toLowerCase().replace(/\W+/g, '-');
  return (
    <div class="field">
      <div class="field-label">{props.label}</div>
      <div class="field-control">
        <div class="row">
          <input
            ref={input}
            type="file"
            accept=".xml,application/xml,text/xml"
            hidden
            data-testid={`upload-${slug}`}
            onChange={(e) => {
              const f = (e.currentTarget as HTMLInputElement).files?.[0];
              if (f) void upload(f);
            }}
          />
          <button type="button" class="btn" onClick={() => input.current?.click()}>
            Upload
          </button>
          <button type="button" class="btn" onClick={() => void downloadFile(`/api/v1${props.path}`, props.filename).catch((e: unknown) => setOutcome({ kind: 'error', text: errorText(e) }))} data-testid={`download-${slug}`}>
            Download
          </button>
          <span class="muted small">{props.filename}</span>
        </div>
        {props.note ? <div class="field-help">{props.note}</div> : null}
        {outcome ? (
          <div class={outcome.kind === 'ok' ? 'ok-text' : 'error-text'} role="status" data-testid={`outcome-${slug}`}>
            {outcome.text}
          </div>
        ) : null}
      </div>
    </div>
  );
}

export function HttpUpgradePage() {
  const { info } = useSession();
  return (
    <>
      <Card title="HTTP Upgrade">
        <FileRow
          label="Configuration"
          path="/config"
          filename={`${info.model}_ESConfig.xml`}
          note="The whole Escene configuration file. An upload merges what the file names; accounts re-register at once."
          describe={(r) => `${(r.changed as unknown[] | undefined)?.length ?? 0} settings changed${(r.reboot as unknown[] | undefined)?.length ? `, ${(r.reboot as unknown[]).length} after reboot` : ''}.`}
        />
        <FileRow
          label="Phone Book"
          path="/phonebook"
          filename="Phonebook.xml"
          note="The personal phonebook (300 contacts): an upload replaces it."
          describe={(r) => `${String(r.contacts)} contacts and ${String(r.groups)} groups loaded.`}
        />
        <FileRow
          label="EXT Module"
          path="/config/keys"
          filename="Extern.xml"
          note="Programmable keys and expansion modules (the keys file)."
          describe={(r) => `${String(r.memoryKeys)} memory keys, ${String(r.programKeys)} program keys, ${String(r.expansionKeys)} expansion keys.`}
        />
      </Card>
      <Card padded>
        <span class="muted">Software and kernel images do not apply to Sayhi: it is upgraded as a program (npm), not as phone firmware.</span>
      </Card>
    </>
  );
}

export function RebootPage() {
  const { info } = useSession();
  const label = useLabels(info.pendingReboot);
  const [state, setState] = useState<'idle' | 'rebooting' | 'error'>('idle');
  const [error, setError] = useState<string>();
  const reboot = async () => {
    try {
      await api('POST', '/maintenance/reboot');
      setState('rebooting');
      // The phone restarts its web server too. A reboot ends every session, so the
      // restarted server answers this session with 401: then it is back.
      const until = Date.now() + 90_000;
      const poll = async () => {
        const status = await fetch('/api/v1/session', { headers: { 'x-requested-with': 'fetch', 'x-sayhi-background': '1' } }).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 401) location.assign('/login');
        else if (Date.now() < until) setTimeout(() => void poll(), 1000);
      };
      setTimeout(() => void poll(), 1000);
    } catch (err) {
      setState('error');
      setError(errorText(err));
    }
  };
  return (
    <Card title="Reboot" padded>
      {info.pendingReboot?.length ? <Banner kind="info">Waiting for a restart: {info.pendingReboot.map(label).join(', ')}.</Banner> : null}
      {state === 'rebooting' ? <Banner kind="ok">The phone is restarting: this page goes to the login page when it is back.</Banner> : null}
      {state === 'error' ? <Banner kind="error">{error}</Banner> : null}
      <p>Restart the phone: lines un-register and register again; settings marked "after reboot" take effect.</p>
      <ConfirmButton label="Reboot" danger question="Reboot the phone now? Calls in progress end." onConfirm={() => void reboot()} disabled={state === 'rebooting'} testId="reboot" />
    </Card>
  );
}
