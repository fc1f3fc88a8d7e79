import { render, type ComponentChildren } from 'preact';
import { useCallback, useMemo, useState } from 'preact/hooks';
import { LOGIN_PATH, findPage, pageAllows } from '../../src/web/admin-pages.js';
import { api, errorText, setCsrfToken, toLogin } from '../shared/api-client.js';
import { Banner } from '../shared/components.js';
import '../shared/theme.css';
import './admin.css';
import { AppShell } from './app-shell.js';
import { LoginPage } from './pages/login-page.js';
import { PAGE_VIEWS } from './pages/page-views.js';
import { useLocation } from './router.js';
import { SessionContext, type SessionInfo, type SessionState } from './session.js';

/**
 * The management pages (issue #6, manual §7). One bundle for every path: the
 * login page, or the shell with the page the path names. The server has already
 * checked the login and the page's role; the view repeats the check only to
 * show a friendly "not allowed" instead of a blank page.
 */
function Message(props: { title: string; children: ComponentChildren }) {
  return (
    <div class="page-head">
      <h1>{props.title}</h1>
      <p class="muted">{props.children}</p>
    </div>
  );
}

function Admin(props: { initial: SessionInfo }) {
  const [info, setInfo] = useState(props.initial);
  const { path } = useLocation();
  const refresh = useCallback(async () => {
    const next = await api<SessionInfo>('GET', '/session');
    if (next.csrfToken) setCsrfToken(next.csrfToken);
    setInfo(next);
  }, []);
  const state: SessionState = useMemo(() => ({ info, refresh }), [info, refresh]);
  const page = findPage(path === '/' ? '/status' : path);
  const View = page ? PAGE_VIEWS[page.path] : undefined;
  let body: ComponentChildren;
  if (!page) body = <Message title="Page not found">There is no page {path} on this phone.</Message>;
  else if (!pageAllows(page, info.role)) body = <Message title="Not allowed">The page {page.title} needs the administrator login.</Message>;
  else if (!View) body = <Banner kind="info">This page is not available yet.</Banner>;
  else body = <View page={page} />;
  return (
    <SessionContext.Provider value={state}>
      <AppShell>{body}</AppShell>
    </SessionContext.Provider>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  if (location.pathname === LOGIN_PATH) {
    render(<LoginPage />, root);
    return;
  }
  try {
    const info = await api<SessionInfo>('GET', '/session');
    if (info.csrfToken) setCsrfToken(info.csrfToken);
    render(<Admin initial={info} />, root);
  } catch (err) {
    if ((err as { status?: number }).status === 401) return toLogin();
    render(<Banner kind="error">The phone did not answer: {errorText(err)}</Banner>, root);
  }
}

void start();
