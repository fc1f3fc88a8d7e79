import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, errorText } from '../../shared/api-client.js';
import { Banner } from '../../shared/components.js';

/**
 * Login (manual §7: "The default login name and password are both root"; the
 * user login is user/user). Says why a previous session ended, how many tries
 * are left before a lock-out, and how long a lock-out lasts (counting down).
 */
const ENDED: Record<string, string> = {
  idle: 'You were logged out after 15 minutes without activity.',
  expired: 'Your session reached its maximum length: please log in again.',
  'logins-changed': 'The web logins changed: please log in again.',
};

export function LoginPage() {
  const query = new URLSearchParams(location.search);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [lockedUntil, setLockedUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const ended = ENDED[query.get('ended') ?? ''];
  const lockLeft = Math.max(0, Math.ceil((lockedUntil - now) / 1000));

  useEffect(() => {
    if (lockedUntil <= Date.now()) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [lockedUntil]);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setError(undefined);
    setLockedUntil(0);
    try {
      const res = await api<{ next: string }>('POST', '/login', { body: { username, password, next: query.get('next') ?? undefined } });
      location.assign(res.next);
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && err.status === 429) {
        const seconds = Number(err.body.retryAfterSeconds ?? 30);
        setLockedUntil(Date.now() + seconds * 1000);
        setNow(Date.now());
      }
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login-screen">
      <form class="login-card" onSubmit={submit} noValidate>
        <div class="login-brand">
          <span class="brand-mark">S</span>
          <div>
            <h1>Sayhi</h1>
            <div class="muted">IP phone management</div>
          </div>
        </div>
        {ended ? <Banner kind="info">{ended}</Banner> : null}
        {error ? (
          <Banner kind="error" testId="login-error">
            {lockedUntil > 0 ? error.replace(/:? ?try again in .*$/, '.') : error}
            {lockLeft > 0 ? <div data-testid="lock-countdown">You can try again in {lockLeft} s.</div> : null}
          </Banner>
        ) : null}
        <label class="login-label" for="login-username">
          Username
        </label>
        <input
          id="login-username"
          name="username"
          class="input"
          autocomplete="username"
          autofocus
          value={username}
          onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
        />
        <label class="login-label" for="login-password">
          Password
        </label>
        <input
          id="login-password"
          name="password"
          type="password"
          class="input"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="btn btn-primary login-submit" disabled={busy || username === '' || lockLeft > 0} data-testid="login-submit">
          {busy ? 'Logging in…' : 'Login'}
        </button>
        <p class="muted login-foot">Administrator and user logins as set on Phone Maintenance › Password.</p>
      </form>
    </div>
  );
}
