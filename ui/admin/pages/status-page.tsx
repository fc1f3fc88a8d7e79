import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../../shared/api-client.js';
import { Badge, Banner, Card } from '../../shared/components.js';
import { useSession } from '../session.js';

/** GET /api/v1/system-info (src/web/api/maintenance-api.ts). */
export interface SystemInfo {
  model: string;
  version: string;
  mac: string;
  uptimeSeconds: number;
  lines: Array<{ line: number; label?: string; user?: string; server?: string; transport?: string; state: string; registered: boolean; reason?: string }>;
  addresses: Array<{ interface: string; family: string; address: string }>;
  calls?: number;
  time?: { source: 'sntp' | 'sip-server' | 'manual' | 'host'; local: string; zoneName?: string; server?: string; reason?: string; offsetMs: number };
}

const TIME_SOURCES = { sntp: 'SNTP', 'sip-server': 'SIP server', manual: 'manual setting', host: 'host clock' } as const;

export function useSystemInfo(pollMs = 0): { info?: SystemInfo; error?: string } {
  const [info, setInfo] = useState<SystemInfo>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stop = false;
    const load = (background: boolean) =>
      api<SystemInfo>('GET', '/system-info', { background })
        .then((i) => !stop && (setInfo(i), setError(undefined)))
        .catch((e: unknown) => !stop && setError(errorText(e)));
    void load(false);
    const t = pollMs > 0 ? setInterval(() => void load(true), pollMs) : undefined;
    return () => {
      stop = true;
      if (t) clearInterval(t);
    };
  }, [pollMs]);
  return { info, error };
}

export function formatMac(mac: string): string {
  return mac.length === 12 ? mac.toUpperCase().match(/../g)!.join(':') : mac;
}

function uptime(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d ? `${d} d ` : ''}${h} h ${m} min`;
}

const STATE_TEXT: Record<string, string> = {
  registered: 'Registered',
  registering: 'Registering…',
  disabled: 'Disabled',
  'peer-to-peer': 'Peer to peer (no server)',
  unregistered: 'Not registered',
  'auth-failed': 'Authentication failed',
  failed: 'Failed',
};

export function LineState(props: { state: string; registered: boolean }) {
  const kind = props.registered ? 'ok' : props.state === 'auth-failed' || props.state === 'failed' ? 'bad' : 'idle';
  return <Badge kind={kind}>{STATE_TEXT[props.state] ?? props.state}</Badge>;
}

/** Phone Status (manual §7: "System info"): the phone, its addresses and each line's registration. Refreshes every 5 s. */
export function StatusPage() {
  const { info: session } = useSession();
  const { info, error } = useSystemInfo(5000);
  const admin = session.role === 'admin';
  if (error && !info) return <Banner kind="error">Cannot read the phone status: {error}</Banner>;
  if (!info) return <p class="muted">Loading…</p>;
  return (
    <>
      <Card title="System info">
        <dl class="facts">
          <dt>Model</dt>
          <dd>{info.model}</dd>
          <dt>Software version</dt>
          <dd>{info.version}</dd>
          <dt>MAC address</dt>
          <dd>
            <code>{formatMac(info.mac)}</code>
          </dd>
          <dt>Uptime</dt>
          <dd>{uptime(info.uptimeSeconds)}</dd>
          <dt>Calls in progress</dt>
          <dd>{info.calls ?? 0}</dd>
          {info.time ? (
            <>
              <dt>Time</dt>
              <dd data-testid="phone-time">
                {info.time.local} {info.time.zoneName ? <span class="muted">({info.time.zoneName})</span> : null}
                <div class="muted">
                  from {TIME_SOURCES[info.time.source]}
                  {info.time.server ? ` ${info.time.server}` : ''}
                  {info.time.reason ? `: ${info.time.reason}` : ''}
                </div>
              </dd>
            </>
          ) : null}
          {admin ? (
            <>
              <dt>Network</dt>
              <dd>
                {info.addresses.length === 0 ? <span class="muted">no address outside loopback</span> : null}
                {info.addresses.map((a) => (
                  <div key={a.interface + a.address}>
                    <code>{a.address}</code> <span class="muted">({a.interface}, {a.family})</span>
                  </div>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
      </Card>
      <Card title="SIP accounts">
        <table class="table" data-testid="line-status">
          <thead>
            <tr>
              <th>Line</th>
              <th>Label</th>
              {admin ? <th>Account</th> : null}
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {info.lines.map((l) => (
              <tr key={l.line} data-line={l.line}>
                <td>Line {l.line}</td>
                <td>{l.label || <span class="muted">—</span>}</td>
                {admin ? (
                  <td>
                    {l.user ? (
                      <code>
                        {l.user}@{l.server}
                        {l.transport ? ` (${l.transport.toUpperCase()})` : ''}
                      </code>
                    ) : (
                      <span class="muted">not configured</span>
                    )}
                  </td>
                ) : null}
                <td>
                  <LineState state={l.state} registered={l.registered} />
                  {l.reason ? <div class="muted small">{l.reason}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}

/** About (manual §7: "You can see the phone model"; the software version). */
export function AboutPage() {
  const { info } = useSystemInfo();
  const { info: session } = useSession();
  return (
    <Card title="About this phone" padded>
      <dl class="facts">
        <dt>Model</dt>
        <dd>{session.model}</dd>
        <dt>Software</dt>
        <dd>Sayhi {session.version}</dd>
        <dt>Kernel</dt>
        <dd class="muted">None of its own: Sayhi runs as a program on its host (Node.js)</dd>
        <dt>Emulates</dt>
        <dd>Escene ES320 / ES330 SIP desk phone (manual V1.0.7.6 pages and Escene XML files)</dd>
        {info ? (
          <>
            <dt>MAC address</dt>
            <dd>
              <code>{formatMac(info.mac)}</code>
            </dd>
          </>
        ) : null}
        {session.role === 'admin' ? (
          <>
            <dt>REST API</dt>
            <dd>
              <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> <span class="muted">(OpenAPI 3.1; HTTP Basic or this session)</span>
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}
