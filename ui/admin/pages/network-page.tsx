import type { AdminPage } from '../../../src/web/admin-pages.js';
import { Badge, Card } from '../../shared/components.js';
import { RegistryPage } from './registry-page.js';
import { formatMac, useSystemInfo } from './status-page.js';

/**
 * Network (manual §7): the registry's network settings, plus the two items that
 * are not settings. "MAC Address: Display the MAC of the phone" is shown, not
 * edited. "WIFI Setting" and "WIFI Status" are "only WS3xx has this item": an
 * ES320/ES330 has no Wi-Fi, so the page says so instead of offering a page
 * that could do nothing.
 */
function Interface() {
  const { info } = useSystemInfo();
  return (
    <Card title="MAC Address and Wi-Fi" padded>
      <dl class="facts">
        <dt>MAC Address</dt>
        <dd>{info ? <code data-testid="network-mac">{formatMac(info.mac)}</code> : <span class="muted">…</span>}</dd>
        <dt>Wi-Fi Setting, Wi-Fi Status</dt>
        <dd data-testid="wifi-note">
          <Badge kind="idle">not on this model</Badge> <span class="muted">WS3xx only (manual §7): the ES320 and ES330 connect by Ethernet.</span>
        </dd>
      </dl>
    </Card>
  );
}

export function NetworkPage(props: { page: AdminPage }) {
  return <RegistryPage page={props.page} intro={<Interface />} />;
}
