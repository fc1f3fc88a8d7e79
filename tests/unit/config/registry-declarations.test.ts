/**
 * The declarations of every parameter (createDefaultRegistry) — proves, for both models:
 *  - lines per model (ES320: 2 accounts, ES330: 3 and the expansion modules);
 *  - every default validates and is canonical; every enum has unique values, labels and
 *    XML codes; every XML location is unique and uses the original spellings;
 *  - toXml(default) → fromXml gives the default back, for every key with an XML location,
 *    and validate(toXml(x)) too (telnet/CLI send the same text);
 *  - the manual's defaults (register expire 3600, polling 32 s, keep-alive 30 s, RFC 2833
 *    payload 101, SIP/voice QoS 26/46, LDAP 389/50/0, telnet 23, web 80 next reboot,
 *    RTP 10000–10128, local port 5060, T1/T2/T4 500/4000/5000);
 *  - account keys carry the phone core's AccountConfig field names where they overlap;
 *  - host-owned settings (network, VLAN, VPN, 802.1X) are effect 'host';
 *  - the "kept, not interpreted" XML list never overlaps a declaration.
 */
import { describe, expect, it } from 'vitest';
import {
  KEPT_XML_ATTRIBUTES,
  createDefaultRegistry,
  xmlLocationId,
  type PhoneModelName,
} from '../../../src/config/index.js';

/**
 * The phone core's defaultAccount() (src/phone/phone-config.ts), written out because a
 * config test imports only src/config (STYLE.md §7). Keep the two in step.
 */
const CORE_ACCOUNT_DEFAULTS: Record<string, unknown> = {
  enabled: false,
  displayName: '',
  user: '',
  authName: '',
  password: '',
  server: '',
  secondaryServer: '',
  outboundProxy: '',
  secondaryOutboundProxy: '',
  transport: 'udp',
  registerExpires: 3600,
  pollingInterval: 32,
  dnsSrv: false,
  tlsVerify: true,
  keepAlive: true,
  keepAliveInterval: 30,
  dtmfMode: 'rfc2833',
  rfc2833Payload: 101,
  codecs: ['PCMU', 'PCMA', 'G722'],
};

const MODELS: PhoneModelName[] = ['ES320', 'ES330'];

describe.each(MODELS)('createDefaultRegistry(%s)', (model) => {
  const registry = createDefaultRegistry(model);
  const defs = registry.list();

  it('declares the lines of the model', () => {
    const lines = model === 'ES320' ? 2 : 3;
    for (let n = 1; n <= 3; n++) expect(registry.has(`account.${n}.server`)).toBe(n <= lines);
    expect(registry.has('expansion.modules')).toBe(model === 'ES330');
    expect(registry.def('account.1.lineKeys').max).toBe(lines);
    expect(registry.model).toBe(model);
  });

  it('every default validates to itself', () => {
    for (const def of defs) {
      expect(registry.validate(def.key, def.default), def.key).toEqual({ ok: true, value: def.default });
    }
  });

  it('every enum has unique values, labels and XML codes', () => {
    for (const def of defs.filter((d) => d.kind === 'enum')) {
      const options = def.options ?? [];
      expect(options.length, def.key).toBeGreaterThan(0);
      expect(new Set(options.map((o) => o.value)).size, def.key).toBe(options.length);
      expect(new Set(options.map((o) => o.label.toLowerCase())).size, def.key).toBe(options.length);
      expect(new Set(options.map((o) => o.xml ?? o.value)).size, def.key).toBe(options.length);
    }
  });

  it('every XML location is unique, and list rows carry the row id of their account / server', () => {
    const ids = defs.filter((d) => d.xml).map((d) => xmlLocationId(d.xml!));
    expect(new Set(ids).size).toBe(ids.length);
    for (const def of defs) {
      const m = /^(account|ldap)\.(\d+)\./.exec(def.key);
      if (m && def.xml) expect(def.xml.id, def.key).toBe(Number(m[2]) - 1);
      if (!m && def.xml) expect(def.xml.id, def.key).toBeUndefined();
    }
  });

  it('no two attributes of one XML row differ only in case (the reader matches case-insensitively)', () => {
    const seen = new Map<string, string>();
    for (const def of defs.filter((d) => d.xml)) {
      const loc = def.xml!;
      const folded = xmlLocationId(loc).toLowerCase();
      expect(seen.get(folded), `${def.key} vs ${seen.get(folded)}`).toBeUndefined();
      seen.set(folded, def.key);
    }
  });

  it('toXml/fromXml round-trips every default; the XML text is also accepted by validate()', () => {
    let checked = 0;
    for (const def of defs.filter((d) => d.xml)) {
      const text = registry.toXml(def.key, def.default);
      expect(typeof text).toBe('string');
      expect(registry.fromXml(def.key, text), `${def.key}=${text}`).toEqual({ ok: true, value: def.default });
      expect(registry.validate(def.key, text), def.key).toEqual({ ok: true, value: def.default });
      if (def.kind === 'bool') expect(['0', '1']).toContain(text);
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('every declaration has a page, a label and sane bounds', () => {
    for (const def of defs) {
      expect(def.page.length, def.key).toBeGreaterThan(0);
      expect(def.label.length, def.key).toBeGreaterThan(0);
      if (['string', 'password', 'host', 'ip'].includes(def.kind)) expect(def.maxLength, def.key).toBeGreaterThan(0);
      if (def.kind === 'int') expect(def.min !== undefined && def.max !== undefined, def.key).toBe(true);
    }
  });

  it('host-owned settings are effect "host"; the web/telnet/SIP ports, RTP range and SIP timers wait for a reboot', () => {
    for (const prefix of ['vlan.', 'vpn.', 'dot1x.', 'network.']) {
      for (const def of registry.list({ prefix })) expect(def.effect, def.key).toBe('host');
    }
    expect(registry.def('web.port').effect).toBe('reboot');
    expect(registry.def('telnet.port').effect).toBe('reboot');
    expect(registry.def('account.1.server').effect).toBe('live');
    // the transports, RTP allocator and transaction timers are built once, at start (src/phone)
    expect(registry.list({ effect: 'reboot' }).map((d) => d.key)).toEqual([
      'web.port',
      'telnet.port',
      'sip.localPort',
      'sip.rtpPortMin',
      'sip.rtpPortMax',
      'sip.t1',
      'sip.t2',
      'sip.t4',
    ]);
  });
});

describe('the manual says', () => {
  const r = createDefaultRegistry('ES330');
  const d = (key: string): unknown => r.def(key).default;

  it.each([
    ['account.1.registerExpires', 3600],
    ['account.3.pollingInterval', 32],
    ['account.2.keepAliveInterval', 30],
    ['account.1.keepAlive', true],
    ['dtmf.rfc2833Payload', 101],
    ['qos.sipDscp', 26],
    ['qos.rtpDscp', 46],
    ['ldap.1.port', 389],
    ['ldap.2.maxHits', 50],
    ['ldap.1.searchDelay', 0],
    ['ldap.1.protocol', 'v3'],
    ['ldap.1.server', '0.0.0.0'],
    ['telnet.port', 23],
    ['web.port', 80],
    ['sip.rtpPortMin', 10000],
    ['sip.rtpPortMax', 10128],
    ['sip.localPort', 5060],
    ['sip.t1', 500],
    ['sip.t2', 4000],
    ['sip.t4', 5000],
    ['network.mtu', 1500],
    ['network.socks5Port', 1080],
    ['dialplan.timeout', 5],
    ['dialplan.sendKey', 'hash'],
    ['lcd.password', ''],
    ['web.adminUser', 'root'],
    ['web.adminPassword', 'root'],
    ['web.userPassword', 'user'],
    ['account.1.lineKeys', 2],
  ])('%s defaults to %s', (key, value) => {
    expect(d(key)).toBe(value);
  });

  it('QoS is 0~63, register expire at least 20, LDAP max hits up to 32000, search delay up to 2000 ms', () => {
    expect(r.validate('qos.sipDscp', 63).ok).toBe(true);
    expect(r.validate('qos.sipDscp', 64).ok).toBe(false);
    expect(r.validate('account.1.registerExpires', 20).ok).toBe(true);
    expect(r.validate('account.1.registerExpires', 19).ok).toBe(false);
    expect(r.validate('ldap.1.maxHits', 32000).ok).toBe(true);
    expect(r.validate('ldap.1.searchDelay', 2001).ok).toBe(false);
  });

  it('seven volumes of nine levels, user-adjustable', () => {
    const volumes = r.list({ prefix: 'audio.volume.' });
    expect(volumes).toHaveLength(7);
    for (const v of volumes) expect([v.min, v.max, v.role]).toEqual([1, 9, 'user']);
  });

  it('Escene codes: LinkUse 0/1/2, NetConfigType DHCP=2 static=0, protocol 0..3, DateFormat 0..8', () => {
    expect(['udp', 'tcp', 'tls'].map((t) => r.toXml('account.1.transport', t))).toEqual(['0', '1', '2']);
    expect(r.fromXml('network.mode', '2')).toEqual({ ok: true, value: 'dhcp' });
    expect(r.fromXml('network.mode', '0')).toEqual({ ok: true, value: 'static' });
    expect(['tftp', 'http', 'ftp', 'https'].map((p) => r.toXml('provision.protocol', p))).toEqual(['0', '1', '2', '3']);
    expect(r.def('time.dateFormat').options?.map((o) => o.xml)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(r.toXml('time.timeFormat', '12h')).toBe('1');
    expect(r.fromXml('audio.codec4', '255')).toEqual({ ok: true, value: 'none' });
  });

  it('original XML spellings are kept', () => {
    const where = (key: string): string => xmlLocationId(r.def(key).xml!);
    expect(where('provision.interval')).toBe('Privisions/privision@Freqency');
    expect(where('provision.downloadFirmware')).toBe('Privisions/privision@DownloadFirmwar');
    expect(where('dtmf.mode')).toBe('DTMEFs/DTMF@DTMFSendType');
    expect(where('ldap.2.searchDelay')).toBe('LDAPs/ldap[1]@Deslay');
    expect(where('ldap.1.nameAttribute2')).toBe('LDAPs/ldap[0]@Name_Attribites2');
    expect(where('time.dst')).toBe('SysTimes/systime@DaylightSaveingFlag');
    expect(where('telnet.port')).toBe('Networks/newTelnet@TelnetPort');
    expect(where('account.3.password')).toBe('sipUsers/sipUser[2]@Password');
    expect(where('account.2.rtpEncryption')).toBe('SipEncrys/SipEncry[1]@RTPEncryption');
    expect(where('paging.5.port')).toBe('Pagings/paging@PagingGroupPortFive');
  });
});

describe('account keys match the phone core', () => {
  it("every AccountConfig field the manual's SIP Account page has is declared per account, with the same default", () => {
    const r = createDefaultRegistry('ES320');
    const core = CORE_ACCOUNT_DEFAULTS;
    // dtmfMode/rfc2833Payload are phone-wide in the manual (dtmf.*); codecs are the audio.codecN slots.
    const phoneWide = new Set(['dtmfMode', 'rfc2833Payload', 'codecs']);
    for (const [field, value] of Object.entries(core)) {
      if (phoneWide.has(field)) continue;
      for (const n of [1, 2]) expect(r.defaultOf(`account.${n}.${field}`), field).toEqual(value);
    }
    expect(r.defaultOf('dtmf.mode')).toBe(core['dtmfMode']);
    expect(r.defaultOf('dtmf.rfc2833Payload')).toBe(core['rfc2833Payload']);
    const slots = [1, 2, 3].map((i) => r.defaultOf(`audio.codec${i}`));
    expect(slots).toEqual(core['codecs']);
  });
});

describe('XML attributes kept, not interpreted', () => {
  it('never overlap a declaration, and do not repeat', () => {
    const r = createDefaultRegistry('ES330');
    const seen = new Set<string>();
    for (const kept of KEPT_XML_ATTRIBUTES) {
      const ids = kept.rows === 'account' ? [0, 1, 2] : kept.rows === 'ldap' ? [0, 1] : [undefined];
      for (const attribute of kept.attributes) {
        for (const id of ids) {
          const loc = { container: kept.container, element: kept.element, attribute, id };
          expect(r.byXml(loc)?.key, xmlLocationId(loc)).toBeUndefined();
        }
        const name = `${kept.container}/${kept.element}@${attribute}`;
        expect(seen.has(name), name).toBe(false);
        seen.add(name);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
  });
});
