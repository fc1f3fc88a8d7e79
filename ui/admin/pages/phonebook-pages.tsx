import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, downloadFile, errorText } from '../../shared/api-client.js';
import { Banner, Card, ConfirmButton } from '../../shared/components.js';
import { useSession } from '../session.js';
import { RowsPage, type Row, type RowsConfig } from './rows-page.js';

/**
 * Phone Book (manual §7): Group, Contact (300 entries), BanList and the
 * Enterprise Phonebook (800, replaced as a whole by a download), plus the
 * phonebook file upload and download (Escene XML) for the administrator.
 */
interface Group {
  id: number;
  name: string;
}

const text = (v: unknown) => (v === undefined || v === null || v === '' ? <span class="muted">—</span> : String(v));
const accountText = (v: unknown) => (v === 'auto' || v === undefined ? 'Auto' : `Line ${String(v)}`);

function accountOptions(model: string) {
  const lines = model === 'ES320' ? 2 : 3;
  return [{ value: 'auto', label: 'Auto' }, ...Array.from({ length: lines }, (_, i) => ({ value: String(i + 1), label: `Line ${i + 1}` }))];
}

const accountBody = (v: string | boolean | undefined) => (v === 'auto' || v === undefined || v === '' ? 'auto' : Number(v));
/** Serial number: empty = the phone picks; digits → number; else as typed (the server says what is wrong). */
const idBody = (v: string | boolean | undefined) => (v === undefined || v === '' ? undefined : /^\d+$/.test(String(v)) ? Number(v) : v);

export function GroupPage() {
  const config: RowsConfig = {
    noun: 'Group',
    base: '/phonebook/groups',
    columns: [
      { label: 'ID', value: (r) => r.id },
      { label: 'Group Name', value: (r) => text(r.name) },
      { label: 'Description', value: (r) => text(r.description) },
    ],
    fields: [
      { key: 'id', label: 'ID', kind: 'text', addOnly: true, hint: 'Serial number; empty: the next free one.' },
      { key: 'name', label: 'Group Name', kind: 'text' },
      { key: 'description', label: 'Description', kind: 'text' },
    ],
    toForm: (r) => ({ id: '', name: String(r?.name ?? ''), description: String(r?.description ?? '') }),
    toBody: (f) => ({ id: idBody(f.id), name: f.name, description: f.description }),
  };
  return <RowsPage config={config} />;
}

/** Upload / download of a phonebook file (Escene XML): GET/PUT /phonebook or /phonebook/enterprise. */
function PhonebookFile(props: { path: string; filename: string; what: string; onLoaded(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const upload = async (file: File) => {
    try {
      const res = await api<{ contacts: number; groups: number }>('PUT', props.path, { body: await file.text(), contentType: 'application/xml' });
      setOutcome({ kind: 'ok', text: `${file.name}: ${res.contacts} contacts and ${res.groups} groups loaded into the ${props.what}.` });
      props.onLoaded();
    } catch (err) {
      setOutcome({ kind: 'error', text: `${file.name} refused, nothing changed: ${err instanceof ApiError ? err.message : errorText(err)}` });
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".xml,application/xml,text/xml"
        hidden
        data-testid="phonebook-file"
        onChange={(e) => {
          const f = (e.currentTarget as HTMLInputElement).files?.[0];
          if (f) void upload(f);
        }}
      />
      <button type="button" class="btn" onClick={() => input.current?.click()}>
        Upload XML
      </button>
      <button type="button" class="btn" onClick={() => void downloadFile(`/api/v1${props.path}`, props.filename).catch((e: unknown) => setOutcome({ kind: 'error', text: errorText(e) }))}>
        Download XML
      </button>
      {outcome ? (
        <div class="toolbar-note">
          <Banner kind={outcome.kind} testId="phonebook-file-outcome">
            {outcome.text}
          </Banner>
        </div>
      ) : null}
    </>
  );
}

export function ContactPage() {
  const { info } = useSession();
  const [groups, setGroups] = useState<Group[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  useEffect(() => {
    void api<{ items: Group[] }>('GET', '/phonebook/groups').then((g) => setGroups(g.items), () => undefined);
  }, [reloadKey]);
  const groupName = (id: unknown) => (id === null || id === undefined ? 'None' : (groups.find((g) => g.id === id)?.name ?? `#${String(id)}`));
  const groupOptions = [{ value: '', label: 'None' }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))];
  const config: RowsConfig = {
    noun: 'Contact',
    base: '/phonebook/contacts',
    columns: [
      { label: 'No.', value: (r) => r.id },
      { label: 'Name', value: (r) => text([r.firstName, r.lastName].filter(Boolean).join(' ') || r.displayName) },
      { label: 'Mobile', value: (r) => text(r.mobile) },
      { label: 'Office', value: (r) => text(r.office) },
      { label: 'Other', value: (r) => text(r.other) },
      { label: 'Group', value: (r) => groupName(r.groupId) },
      { label: 'Account', value: (r) => accountText(r.account) },
    ],
    fields: [
      { key: 'id', label: 'Serial Number', kind: 'text', addOnly: true, hint: 'Empty: the next free one.' },
      { key: 'firstName', label: 'First Name', kind: 'text' },
      { key: 'lastName', label: 'Last Name', kind: 'text' },
      { key: 'mobile', label: 'Mobile Number', kind: 'text', hint: 'Up to 19 digits, * # + or URI characters; no spaces.' },
      { key: 'office', label: 'Office Number', kind: 'text' },
      { key: 'other', label: 'Other Number', kind: 'text' },
      { key: 'groupId', label: 'Group', kind: 'select', options: groupOptions },
      { key: 'account', label: 'Account', kind: 'select', options: accountOptions(info.model) },
    ],
    toForm: (r?: Row) => ({
      id: '',
      firstName: String(r?.firstName ?? ''),
      lastName: String(r?.lastName ?? ''),
      mobile: String(r?.mobile ?? ''),
      office: String(r?.office ?? ''),
      other: String(r?.other ?? ''),
      groupId: r?.groupId === null || r?.groupId === undefined ? '' : String(r.groupId),
      account: r?.account === undefined ? 'auto' : String(r.account),
    }),
    toBody: (f) => ({
      id: idBody(f.id),
      firstName: f.firstName,
      lastName: f.lastName,
      mobile: f.mobile,
      office: f.office,
      other: f.other,
      groupId: f.groupId === '' ? null : Number(f.groupId),
      account: accountBody(f.account),
    }),
  };
  const toolbar = info.role === 'admin' ? <PhonebookFile path="/phonebook" filename="Phonebook.xml" what="personal phonebook" onLoaded={() => setReloadKey((k) => k + 1)} /> : null;
  return <RowsPage config={config} reloadKey={reloadKey} toolbar={toolbar} />;
}

export function BanListPage() {
  const { info } = useSession();
  const config: RowsConfig = {
    noun: 'BanList',
    base: '/banlist',
    columns: [
      { label: 'No.', value: (r) => r.id },
      { label: 'Description', value: (r) => text(r.description) },
      { label: 'Name', value: (r) => text([r.firstName, r.lastName].filter(Boolean).join(' ')) },
      { label: 'Mobile', value: (r) => text(r.mobile) },
      { label: 'Home', value: (r) => text(r.home) },
      { label: 'Office', value: (r) => text(r.office) },
      { label: 'Account', value: (r) => accountText(r.account) },
    ],
    fields: [
      { key: 'id', label: 'Serial Number', kind: 'text', addOnly: true, hint: 'Empty: the next free one.' },
      { key: 'description', label: 'Description', kind: 'text' },
      { key: 'firstName', label: 'First Name', kind: 'text' },
      { key: 'lastName', label: 'Last Name', kind: 'text' },
      { key: 'mobile', label: 'Mobile Number', kind: 'text' },
      { key: 'home', label: 'Home Number', kind: 'text' },
      { key: 'office', label: 'Office Number', kind: 'text' },
      { key: 'account', label: 'Account', kind: 'select', options: accountOptions(info.model), hint: 'The account this number may not call (Auto: every account).' },
    ],
    toForm: (r?: Row) => ({
      id: '',
      description: String(r?.description ?? ''),
      firstName: String(r?.firstName ?? ''),
      lastName: String(r?.lastName ?? ''),
      mobile: String(r?.mobile ?? ''),
      home: String(r?.home ?? ''),
      office: String(r?.office ?? ''),
      account: r?.account === undefined ? 'auto' : String(r.account),
    }),
    toBody: (f) => ({ ...f, id: idBody(f.id), account: accountBody(f.account) }),
  };
  return <RowsPage config={config} />;
}

export function EnterprisePage() {
  const { info } = useSession();
  const [reloadKey, setReloadKey] = useState(0);
  const [error, setError] = useState<string>();
  const admin = info.role === 'admin';
  const config: RowsConfig = {
    noun: 'Entry',
    base: '/phonebook/enterprise/contacts',
    readOnly: true,
    columns: [
      { label: 'No.', value: (r) => r.id },
      { label: 'Name', value: (r) => text([r.firstName, r.lastName].filter(Boolean).join(' ') || r.displayName) },
      { label: 'Mobile', value: (r) => text(r.mobile) },
      { label: 'Office', value: (r) => text(r.office) },
      { label: 'Other', value: (r) => text(r.other) },
    ],
    fields: [],
    toForm: () => ({}),
    toBody: () => ({}),
  };
  const clear = async () => {
    try {
      await api('DELETE', '/phonebook/enterprise/contacts');
      setReloadKey((k) => k + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <>
      <Card padded>
        The enterprise phonebook (up to 800 entries) comes from a server download (Auto Provision) or an uploaded Escene phonebook file; it is not edited
        entry by entry.
      </Card>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <RowsPage
        config={config}
        reloadKey={reloadKey}
        toolbar={
          admin ? (
            <>
              <PhonebookFile path="/phonebook/enterprise" filename="Enterprise_Phonebook.xml" what="enterprise phonebook" onLoaded={() => setReloadKey((k) => k + 1)} />
              <ConfirmButton label="Delete All" danger question="Delete the whole enterprise phonebook?" onConfirm={() => void clear()} />
            </>
          ) : null
        }
      />
    </>
  );
}
