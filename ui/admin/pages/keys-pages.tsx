import { useRef, useState } from 'preact/hooks';
import type { AdminPage } from '../../../src/web/admin-pages.js';
import { FUNCTION_KEY_NAMES, MEMORY_KEY_TYPE_NAMES, PROGRAM_KEY_TYPE_NAMES } from '../../../src/web/api/key-layout-schemas.js';
import { api, downloadFile, errorText } from '../../shared/api-client.js';
import { Badge, Banner, Card } from '../../shared/components.js';
import { KeySaveBar, OutcomeBanner, useKeyEditor, type KeyEditor } from '../keys/key-editor.js';
import type { KeyGroup } from '../keys/key-layout-data.js';
import { KeyTable, SoftKeyTable } from '../keys/key-table.js';
import { RegistryPage } from './registry-page.js';

/**
 * Programmable Keys (manual §7: Memory Keys, Line Keys, Function Keys, Soft
 * Keys) and Expansion Module (6 modules × 32 keys, ES330 only: Key n, Mode,
 * Account, Name, Number), edited in place and saved as a whole through
 * PUT /api/v1/programmable-keys/layout; the phone applies memory and expansion
 * keys at once (BLF lamps subscribe, the face redraws). The keys file upload
 * and download stay for the Escene file itself.
 */
const MEMORY_KEYS = 16;
/** The ES3xx face has 12 programmable hard keys (manual §1); the keys file holds 16. */
const HARD_KEYS = 12;

type Tab = 'memory' | 'line' | 'function' | 'soft';
const TABS: Array<[Tab, string]> = [
  ['memory', 'Memory Keys'],
  ['line', 'Line Keys'],
  ['function', 'Function Keys'],
  ['soft', 'Soft Keys'],
];

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

/** Stored in the keys file (download, provisioning) but not yet acted on by this phone's face. */
function StoredOnly(props: { what: string }) {
  return (
    <p class="muted small stored-note">
      <Badge kind="idle">stored only</Badge> {props.what} are kept in the keys file and its download; this phone&apos;s face does not apply them yet.
    </p>
  );
}

function keyTable(editor: KeyEditor, group: KeyGroup, opts: { testId: string; keys: Array<{ index: number; name: string; note?: string }>; lamps?: (index: number) => string }) {
  const layout = editor.layout!;
  const memoryLike = group !== 'function';
  return (
    <KeyTable
      group={group}
      testId={opts.testId}
      keys={opts.keys}
      types={memoryLike ? MEMORY_KEY_TYPE_NAMES : PROGRAM_KEY_TYPE_NAMES}
      unsetLabel={group === 'line' ? 'Line' : group === 'function' ? 'Default' : 'N/A'}
      accounts={layout.accounts}
      row={(i) => editor.row(group, i)}
      changed={(i) => editor.changed(group, i)}
      errors={editor.errors}
      onChange={(i, row) => editor.setRow(group, i, row)}
      {...(opts.lamps ? { state: (i: number) => editor.states.find((s) => s.id === opts.lamps!(i)) } : {})}
    />
  );
}

export function ProgrammableKeysPage() {
  const editor = useKeyEditor();
  const [tab, setTab] = useState<Tab>('memory');
  if (editor.loadError) return <Banner kind="error">Cannot read the keys: {editor.loadError}</Banner>;
  if (!editor.layout) return <p class="muted">Loading…</p>;
  const layout = editor.layout;
  const dirtyIn = (t: Tab) => Object.keys(editor.errors).some((k) => k.startsWith(`${t}.`));
  return (
    <>
      <OutcomeBanner outcome={editor.outcome} />
      <div class="tabs" role="tablist">
        {TABS.map(([t, title]) => (
          <button type="button" role="tab" aria-selected={t === tab} key={t} class={t === tab ? 'tab active' : 'tab'} data-testid={`tab-${t}`} onClick={() => setTab(t)}>
            {title}
            {dirtyIn(t) ? <span class="dot dot-bad" title="refused fields" /> : null}
          </button>
        ))}
      </div>
      {tab === 'memory' ? (
        <Card title="Memory Keys">
          <p class="muted small card-intro">
            Speed Dial, Speed Dial Prefix, DTMF, BLF, BLA, Paging, Call Park, Intercom or Pickup on each key. BLF and BLA keys show the watched extension&apos;s
            state (with BLF Light on, Phone Setting › Other).
          </p>
          {keyTable(editor, 'memory', {
            testId: 'memory-keys',
            keys: Array.from({ length: MEMORY_KEYS }, (_, i) => ({ index: i + 1, name: `Key ${i + 1}`, ...(i >= HARD_KEYS ? { note: 'keys file only' } : {}) })),
            lamps: (i) => String(i),
          })}
        </Card>
      ) : null}
      {tab === 'line' ? (
        <Card title="Line Keys">
          <p class="muted small card-intro">
            A line key not needed for a line can do what a memory key does; its light then shows the key (BLF and BLA: the watched extension), and calls on that
            account show on the LCD only.
          </p>
          {keyTable(editor, 'line', {
            testId: 'line-keys',
            keys: Array.from({ length: layout.accounts }, (_, i) => ({ index: i + 1, name: `Line ${i + 1}` })),
            lamps: (i) => `l${i}`,
          })}
        </Card>
      ) : null}
      {tab === 'function' ? (
        <Card title="Function Keys">
          <p class="muted small card-intro">
            What a fixed key does instead of its own job, on the idle screen; in a call every key keeps its own job. A key the phone does not have needs no
            setting; SMS, XML browser, auto provision and hot desking are not on this phone.
          </p>
          {keyTable(editor, 'function', { testId: 'function-keys', keys: FUNCTION_KEY_NAMES.map((name, id) => ({ index: id, name })) })}
        </Card>
      ) : null}
      {tab === 'soft' ? (
        <Card title="Soft Keys">
          <p class="muted small card-intro">The four keys under the LCD, per call state, as codes of the Escene keys file (their meaning is not public).</p>
          <SoftKeyTable values={editor.soft} changed={editor.softChanged} errors={editor.errors} onChange={editor.setSoft} />
          <StoredOnly what="Soft-key layouts" />
        </Card>
      ) : null}
      <KeySaveBar editor={editor} />
      <KeysFile onLoaded={() => void editor.reload()} />
    </>
  );
}

function ExpansionKeys() {
  const editor = useKeyEditor();
  const [module, setModule] = useState(1);
  if (editor.loadError) return <Banner kind="error">Cannot read the keys: {editor.loadError}</Banner>;
  if (!editor.layout) return <p class="muted">Loading…</p>;
  const layout = editor.layout;
  if (layout.expansionModules === 0) {
    return (
      <Banner kind="info" testId="no-expansion">
        The {layout.model} takes no expansion module: EMS32 modules are for the ES330 only (manual §7 Expansion Module).
      </Banner>
    );
  }
  const group = `expansion${module}` as KeyGroup;
  const count = (m: number) => layout.expansion[m - 1]?.length ?? 0;
  return (
    <>
      <OutcomeBanner outcome={editor.outcome} />
      <div class="tabs" role="tablist">
        {[1, 2, 3, 4, 5, 6].map((m) => (
          <button type="button" role="tab" aria-selected={m === module} key={m} class={m === module ? 'tab active' : 'tab'} data-testid={`module-${m}`} onClick={() => setModule(m)}>
            Module {m}
            <span class="muted"> · {count(m)}</span>
            {Object.keys(editor.errors).some((k) => k.startsWith(`expansion${m}.`)) ? <span class="dot dot-bad" title="refused fields" /> : null}
          </button>
        ))}
      </div>
      <Card title={`Expansion module ${module}`}>
        {module > layout.installedModules ? (
          <p class="muted small card-intro" data-testid="module-not-installed">
            Module {module} is not installed ({layout.installedModules} installed): its keys are stored and show on the face once it is.
          </p>
        ) : null}
        {keyTable(editor, group, {
          testId: 'expansion-keys',
          keys: Array.from({ length: 32 }, (_, i) => ({ index: i + 1, name: `Key ${i + 1}` })),
          lamps: (i) => `e${module}-${i}`,
        })}
      </Card>
      <KeySaveBar editor={editor} />
      <KeysFile onLoaded={() => void editor.reload()} />
    </>
  );
}

export function ExpansionModulePage(props: { page: AdminPage }) {
  return (
    <RegistryPage page={props.page}>
      <ExpansionKeys />
    </RegistryPage>
  );
}
