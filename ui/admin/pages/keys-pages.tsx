import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminPage } from '../../../src/web/admin-pages.js';
import { ApiError, api, downloadFile, errorText } from '../../shared/api-client.js';
import { Badge, Banner, Card } from '../../shared/components.js';
import { RegistryPage } from './registry-page.js';

/**
 * Programmable Keys (memory keys: Speed Dial, BLF, BLA, DTMF, Paging, Call Park,
 * Intercom...) and Expansion Module (6 modules × 32 keys; manual §7: Key n, Mode,
 * Account, Name, Number), shown from GET /api/v1/programmable-keys with each key's
 * lamp. The keys are set by the keys file (Escene <account>_Extern.xml), uploaded
 * and downloaded here.
 */
interface ProgrammableKey {
  id: string;
  module?: number;
  index: number;
  function: string;
  line: number | 'auto';
  number: string;
  label: string;
  lamp?: 'idle' | 'ringing' | 'busy' | 'unknown';
  paging?: boolean;
}

const FUNCTION_TEXT: Record<string, string> = {
  blf: 'BLF',
  bla: 'BLA',
  'speed-dial': 'Speed Dial',
  'speed-dial-prefix': 'Speed Dial Prefix',
  dtmf: 'DTMF',
  paging: 'Paging',
  park: 'Call Park',
  intercom: 'Intercom',
  pickup: 'Pickup',
  'broadsoft-group': 'BroadSoft Group',
};

function useKeys(): { keys?: ProgrammableKey[]; error?: string; reload(): void } {
  const [keys, setKeys] = useState<ProgrammableKey[]>();
  const [error, setError] = useState<string>();
  const [n, setN] = useState(0);
  useEffect(() => {
    api<ProgrammableKey[]>('GET', '/programmable-keys').then(
      (k) => (setKeys(k), setError(undefined)),
      (err: unknown) => (setKeys([]), setError(err instanceof ApiError && err.status === 404 ? 'This phone has no programmable-key service.' : errorText(err))),
    );
  }, [n]);
  return { keys, error, reload: () => setN((x) => x + 1) };
}

function Lamp(props: { k: ProgrammableKey | undefined }) {
  const k = props.k;
  if (!k) return null;
  if (k.paging) return <Badge kind="ok">paging</Badge>;
  if (!k.lamp) return null;
  const kind = k.lamp === 'idle' ? 'ok' : k.lamp === 'unknown' ? 'idle' : 'bad';
  return <Badge kind={kind}>{k.lamp}</Badge>;
}

function KeyTable(props: { rows: Array<{ n: number; key?: ProgrammableKey }>; testId: string }) {
  return (
    <table class="table" data-testid={props.testId}>
      <thead>
        <tr>
          <th>Key</th>
          <th>Mode</th>
          <th>Account</th>
          <th>Name</th>
          <th>Number</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(({ n, key }) => (
          <tr key={n} class={key ? undefined : 'unset'}>
            <td>Key {n}</td>
            <td>{key ? (FUNCTION_TEXT[key.function] ?? key.function) : <span class="muted">N/A</span>}</td>
            <td>{key ? (key.line === 'auto' ? 'Auto' : `Line ${key.line}`) : null}</td>
            <td>{key?.label}</td>
            <td>{key ? <code>{key.number}</code> : null}</td>
            <td>
              <Lamp k={key} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Upload / download of the keys file (PUT/GET /api/v1/config/keys). */
function KeysFile(props: { onLoaded(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const upload = async (file: File) => {
    try {
      const r = await api<{ memoryKeys: number; programKeys: number; expansionKeys: number }>('PUT', '/config/keys', { body: await file.text(), contentType: 'application/xml' });
      setOutcome({ kind: 'ok', text: `${file.name}: ${r.memoryKeys} memory keys, ${r.programKeys} program keys, ${r.expansionKeys} expansion keys.` });
      props.onLoaded();
    } catch (err) {
      setOutcome({ kind: 'error', text: `${file.name} refused, nothing changed: ${errorText(err)}` });
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Card title="Keys file" padded>
      {outcome ? <Banner kind={outcome.kind}>{outcome.text}</Banner> : null}
      <div class="row">
        <input
          ref={input}
          type="file"
          accept=".xml"
          hidden
          onChange={(e) => {
            const f = (e.currentTarget as HTMLInputElement).files?.[0];
            if (f) void upload(f);
          }}
        />
        <button type="button" class="btn" onClick={() => input.current?.click()}>
          Upload keys file
        </button>
        <button type="button" class="btn" onClick={() => void downloadFile('/api/v1/config/keys', 'Extern.xml').catch((e: unknown) => setOutcome({ kind: 'error', text: errorText(e) }))}>
          Download keys file
        </button>
        <span class="muted small">Escene &lt;account&gt;_Extern.xml: memory keys, program keys, soft keys and expansion modules.</span>
      </div>
    </Card>
  );
}

export function ProgrammableKeysPage() {
  const { keys, error, reload } = useKeys();
  const memory = (keys ?? []).filter((k) => k.module === undefined);
  const count = Math.max(16, ...memory.map((k) => k.index));
  const rows = Array.from({ length: count }, (_, i) => ({ n: i + 1, key: memory.find((k) => k.index === i + 1) }));
  return (
    <>
      {error ? <Banner kind="warn">{error}</Banner> : null}
      <Card title="Memory Keys">{keys ? <KeyTable rows={rows} testId="memory-keys" /> : <p class="muted">Loading…</p>}</Card>
      <KeysFile onLoaded={reload} />
    </>
  );
}

export function ExpansionModulePage(props: { page: AdminPage }) {
  const { keys, error, reload } = useKeys();
  const [module, setModule] = useState(1);
  const rows = Array.from({ length: 32 }, (_, i) => ({ n: i + 1, key: (keys ?? []).find((k) => k.module === module && k.index === i + 1) }));
  return (
    <RegistryPage page={props.page}>
      {error ? <Banner kind="warn">{error}</Banner> : null}
      <div class="tabs" role="tablist">
        {[1, 2, 3, 4, 5, 6].map((m) => (
          <button type="button" role="tab" aria-selected={m === module} key={m} class={m === module ? 'tab active' : 'tab'} onClick={() => setModule(m)}>
            Module {m}
            <span class="muted"> · {(keys ?? []).filter((k) => k.module === m).length}</span>
          </button>
        ))}
      </div>
      <Card title={`Expansion module ${module}`}>{keys ? <KeyTable rows={rows} testId="expansion-keys" /> : <p class="muted">Loading…</p>}</Card>
      <KeysFile onLoaded={reload} />
    </RegistryPage>
  );
}
