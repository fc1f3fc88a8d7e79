import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ADMIN_PAGES, ADMIN_SECTIONS, findPage, pageAllows, type AdminPage } from '../../src/web/admin-pages.js';
import { api, errorText } from '../shared/api-client.js';
import { Banner } from '../shared/components.js';
import { useLabels } from './settings/use-labels.js';
import { linkClick, useLocation } from './router.js';
import { useSession } from './session.js';

/**
 * The frame of every management page: the phone and login at the top, the
 * manual's sections down the side (only the pages this login may open), the
 * factory-password warning on every page, then the page.
 */
function NavLink(props: { page: AdminPage; active: boolean }) {
  return (
    <a href={props.page.path} class={props.active ? 'nav-link active' : 'nav-link'} aria-current={props.active ? 'page' : undefined} onClick={linkClick(props.page.path)}>
      {props.page.title}
    </a>
  );
}

function Navigation(props: { path: string; role: 'admin' | 'user' }) {
  return (
    <nav class="nav" aria-label="Sections">
      {ADMIN_SECTIONS.map((section) => {
        const pages = ADMIN_PAGES.filter((p) => p.section === section && pageAllows(p, props.role));
        if (pages.length === 0) return null;
        if (pages.length === 1 && pages[0]!.title === section) {
          return (
            <div class="nav-section" key={section}>
              <NavLink page={pages[0]!} active={props.path === pages[0]!.path} />
            </div>
          );
        }
        return (
          <div class="nav-section" key={section}>
            <div class="nav-heading">{section}</div>
            {pages.map((p) => (
              <NavLink key={p.path} page={p} active={props.path === p.path} />
            ))}
          </div>
        );
      })}
    </nav>
  );
}

function Warnings() {
  const { info } = useSession();
  const label = useLabels(info.pendingReboot);
  const notes: ComponentChildren[] = [];
  const passwordLink = (
    <a href="/maintenance/password" onClick={linkClick('/maintenance/password')}>
      Phone Maintenance › Password
    </a>
  );
  const admin = info.defaultPasswords.admin === true;
  const user = info.defaultPasswords.user === true;
  if (admin || user) {
    const which =
      admin && user
        ? 'The administrator (root/root) and user (user/user) logins still have'
        : admin
          ? 'The administrator login (root/root) still has'
          : info.role === 'admin'
            ? 'The user login (user/user) still has'
            : 'Your login still has';
    notes.push(
      <Banner kind="warn" key="password" testId="default-password-warning">
        <strong>{which} the factory password.</strong> {admin ? 'Anyone who can reach this phone can take it over. ' : ''}Set a new one in {passwordLink}.
      </Banner>,
    );
  }
  // the Reboot page says it itself
  if (info.pendingReboot && info.pendingReboot.length > 0 && location.pathname !== '/maintenance/reboot') {
    notes.push(
      <Banner kind="info" key="reboot">
        {info.pendingReboot.length} changed setting{info.pendingReboot.length === 1 ? ' waits' : 's wait'} for a restart ({info.pendingReboot.map(label).join(', ')}):{' '}
        <a href="/maintenance/reboot" onClick={linkClick('/maintenance/reboot')}>
          Reboot
        </a>
        .
      </Banner>,
    );
  }
  return <>{notes}</>;
}

export function AppShell(props: { children: ComponentChildren }) {
  const { info } = useSession();
  const { path } = useLocation();
  const [logoutError, setLogoutError] = useState<string>();
  const page = findPage(path);
  const logout = async () => {
    try {
      await api('POST', '/logout');
      location.assign('/login');
    } catch (err) {
      setLogoutError(errorText(err));
    }
  };
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="/status" onClick={linkClick('/status')}>
          <span class="brand-mark">S</span>
          <span>
            Sayhi <strong>{info.model}</strong>
          </span>
        </a>
        <span class="spacer" />
        <a class="btn btn-small" href="/phone" data-testid="open-phone">
          Phone face
        </a>
        <span class="who" data-testid="who">
          {info.username} <span class="muted">({info.role === 'admin' ? 'Administrator' : 'User'})</span>
        </span>
        <button type="button" class="btn btn-small" onClick={logout} data-testid="logout">
          Logout
        </button>
      </header>
      <div class="body">
        <aside class="sidebar">
          <Navigation path={path} role={info.role} />
        </aside>
        <main class="content">
          {logoutError ? <Banner kind="error">Logout failed: {logoutError}</Banner> : null}
          <Warnings />
          {page ? (
            <div class="page-head">
              <div class="crumb muted">{page.section}</div>
              <h1>{page.title}</h1>
            </div>
          ) : null}
          {props.children}
        </main>
      </div>
    </div>
  );
}
