import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, errorText, setCsrfToken } from '../../shared/api-client.js';
import { Banner, Card } from '../../shared/components.js';
import { useSession } from '../session.js';

/**
 * Password (manual §7 Phone Maintenance: Username, Old Password, New Password,
 * Confirm Password; Administrator / User). The administrator changes either
 * login, the user login its own. The server checks the old password (with the
 * login back-off), ends every other session and renews this one.
 */
type Account = 'admin' | 'user';
interface Form {
  username: string;
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS: Array<{ key: keyof Form; label: string; type: 'text' | 'password'; autocomplete: string }> = [
  { key: 'username', label: 'Username', type: 'text', autocomplete: 'username' },
  { key: 'oldPassword', label: 'Old Password', type: 'password', autocomplete: 'current-password' },
  { key: 'newPassword', label: 'New Password', type: 'password', autocomplete: 'new-password' },
  { key: 'confirmPassword', label: 'Confirm Password', type: 'password', autocomplete: 'new-password' },
];

export function PasswordPage() {
  const session = useSession();
  const admin = session.info.role === 'admin';
  const [account, setAccount] = useState<Account>(admin ? 'admin' : 'user');
  const [names, setNames] = useState<Record<Account, string>>({ admin: admin ? session.info.username : '', user: admin ? '' : session.info.username });
  const [form, setForm] = useState<Form>({ username: '', oldPassword: '', newPassword: '', confirmPassword: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!admin) return;
    // the administrator sees both login names (web.adminUser / web.userName)
    void api<Record<string, string>>('GET', '/settings')
      .then((v) => setNames({ admin: String(v['web.adminUser'] ?? ''), user: String(v['web.userName'] ?? '') }))
      .catch(() => undefined);
  }, [admin]);
  useEffect(() => setForm((f) => ({ ...f, username: names[account] })), [account, names]);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    setErrors({});
    try {
      const res = await api<{ username: string; csrfToken?: string }>('POST', '/password', { body: { account, ...form } });
      if (res.csrfToken) setCsrfToken(res.csrfToken);
      setNames((n) => ({ ...n, [account]: res.username }));
      setForm({ username: res.username, oldPassword: '', newPassword: '', confirmPassword: '' });
      setOutcome({ kind: 'ok', text: `The ${account === 'admin' ? 'Administrator' : 'User'} login is now "${res.username}" with the new password. Other sessions were logged out.` });
      await session.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        setErrors(Object.fromEntries(err.errors.map((e) => [e.key, e.reason])));
      } else {
        setOutcome({ kind: 'error', text: errorText(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  const inputProps = (key: keyof Form, autocomplete: string) => ({
    id: `pw-${key}`,
    name: key,
    class: errors[key] ? 'input invalid' : 'input',
    autocomplete,
    value: form[key],
    onInput: (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <form onSubmit={submit} noValidate>
      {outcome ? (
        <Banner kind={outcome.kind} testId="password-outcome">
          {outcome.text}
        </Banner>
      ) : null}
      <Card title="Password">
        <div class="field">
          <div class="field-label">Login</div>
          <div class="field-control row">
            {(['admin', 'user'] as const)
              .filter((a) => admin || a === 'user')
              .map((a) => (
                <label class="switch" key={a}>
                  <input type="radio" name="account" value={a} checked={account === a} onChange={() => setAccount(a)} />
                  <span>{a === 'admin' ? 'Administrator' : 'User'}</span>
                </label>
              ))}
          </div>
        </div>
        {FIELDS.map((f) => (
          <div class="field" key={f.key}>
            <div class="field-label">
              <label for={`pw-${f.key}`}>{f.label}</label>
            </div>
            <div class="field-control">
              {f.type === 'password' ? (
                <input type="password" {...inputProps(f.key, f.autocomplete)} />
              ) : (
                <input type="text" spellcheck={false} {...inputProps(f.key, f.autocomplete)} />
              )}
              {errors[f.key] ? (
                <div class="error-text" role="alert" data-testid={`error-${f.key}`}>
                  {errors[f.key]}
                </div>
              ) : null}
            </div>
          </div>
        ))}
      </Card>
      <div class="save-bar">
        <span class="muted">{account === 'admin' ? 'Administrator: every page' : 'User: general user pages'}</span>
        <span class="spacer" />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="password-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
