import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../../shared/api-client.js';
import { Badge, Banner, Card, ConfirmButton } from '../../shared/components.js';
import { useSession } from '../session.js';

/**
 * Text messages (the manual's feature list: "SMS"; SIP MESSAGE, RFC 3428):
 * write one, read what came in and what went out. Opening the page marks the
 * received ones read, as opening the list on the LCD does.
 */
interface TextMessage {
  id: number;
  direction: 'in' | 'out';
  time: number;
  line: number;
  number: string;
  remoteName: string;
  body: string;
  status: string;
}

const MAX_BYTES = 1300;
const bytesOf = (s: string) => new TextEncoder().encode(s).length;

function statusBadge(m: TextMessage) {
  if (m.direction === 'in') return <Badge kind="idle">received</Badge>;
  if (m.status === 'sent') return <Badge kind="ok">sent</Badge>;
  if (m.status === 'sending') return <Badge kind="idle">sending…</Badge>;
  return (
    <Badge kind="bad" title={m.status}>
      not delivered
    </Badge>
  );
}

export function MessagesPage() {
  const { info } = useSession();
  const lines = info.model === 'ES320' ? 2 : 3;
  const [list, setList] = useState<TextMessage[]>();
  const [to, setTo] = useState('');
  const [line, setLine] = useState('auto');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const load = async () => {
    try {
      await api('POST', '/messages/read', { body: {} });
      setList((await api<{ messages: TextMessage[] }>('GET', '/messages')).messages);
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err) });
    }
  };
  useEffect(() => void load(), []);

  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    try {
      const sent = await api<TextMessage>('POST', '/messages', { body: { to: to.trim(), text, ...(line === 'auto' ? {} : { line: Number(line) }) } });
      setOutcome(sent.status === 'sent' ? { kind: 'ok', text: `Sent to ${sent.number}.` } : { kind: 'error', text: `Not delivered: ${sent.status.replace(/^failed: /, '')}` });
      if (sent.status === 'sent') setText('');
      await load();
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (m: TextMessage) => {
    try {
      await api('DELETE', `/messages/${m.id}`);
      await load();
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err) });
    }
  };
  const size = bytesOf(text);

  return (
    <>
      {outcome ? (
        <Banner kind={outcome.kind} testId="message-outcome">
          {outcome.text}
        </Banner>
      ) : null}
      <form onSubmit={(e) => void send(e)} noValidate>
        <Card title="New Message">
          <div class="field">
            <div class="field-label">
              <label for="sms-to">To</label>
            </div>
            <div class="field-control">
              <input id="sms-to" class="input" type="text" spellcheck={false} value={to} placeholder="1002, user@host or an IP address" onInput={(e) => setTo(e.currentTarget.value)} />
            </div>
          </div>
          <div class="field">
            <div class="field-label">
              <label for="sms-line">Account</label>
            </div>
            <div class="field-control">
              <select id="sms-line" class="input" value={line} onChange={(e) => setLine(e.currentTarget.value)}>
                <option value="auto">Auto</option>
                {Array.from({ length: lines }, (_, i) => (
                  <option value={String(i + 1)} key={i}>
                    Line {i + 1}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="field">
            <div class="field-label">
              <label for="sms-text">Message</label>
            </div>
            <div class="field-control">
              <textarea id="sms-text" class={size > MAX_BYTES ? 'input invalid' : 'input'} rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
              <div class={size > MAX_BYTES ? 'error-text' : 'muted small'}>
                {size} / {MAX_BYTES} bytes
              </div>
            </div>
          </div>
        </Card>
        <div class="save-bar">
          <span class="muted">Sent as SIP MESSAGE through the line&apos;s server, or straight to an IP address.</span>
          <span class="spacer" />
          <button type="submit" class="btn btn-primary" disabled={busy || to.trim() === '' || text.trim() === '' || size > MAX_BYTES} data-testid="message-send">
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
      <Card title="Messages">
        {!list ? (
          <p class="muted">Loading…</p>
        ) : list.length === 0 ? (
          <div class="empty">No messages yet.</div>
        ) : (
          <table class="table" data-testid="messages">
            <thead>
              <tr>
                <th>Time</th>
                <th>From / To</th>
                <th>Message</th>
                <th>State</th>
                <th class="actions">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id} data-message-id={m.id}>
                  <td>{new Date(m.time).toLocaleString()}</td>
                  <td>
                    {m.direction === 'in' ? 'From ' : 'To '}
                    {m.remoteName ? `${m.remoteName} (${m.number})` : m.number}
                  </td>
                  <td class="message-body">{m.body}</td>
                  <td>{statusBadge(m)}</td>
                  <td class="actions">
                    <ConfirmButton label="Delete" small danger question={`Delete message ${m.id}?`} onConfirm={() => void remove(m)} testId="message-delete" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
