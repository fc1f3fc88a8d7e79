/**
 * phoneConfigFromSettings (src/phone/config-from-settings.ts) — proves:
 *  - the factory settings give the phone's factory config (defaultPhoneConfig), apart from
 *    what the extras say (MAC, bind address, CAs);
 *  - account.<n>.* fill line n (user, auth name, password, server, proxies, transport,
 *    expiry, polling, keep-alive, TLS verify), one account per line of the model (2 / 3);
 *  - sip.localPort, sip.rtpPortMin/Max and sip.t1/t2/t4 fill the phone-wide fields;
 *  - dtmf.mode and dtmf.rfc2833Payload are copied to every account;
 *  - audio.codec1..8 become the codec list in slot order, 'none' and codecs the media engine
 *    cannot run (G.729, G.723) left out; with nothing runnable left, the factory list;
 *  - a line without its own server uses the Global SIP server and outbound proxy.
 */
import { describe, expect, it } from 'vitest';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { defaultPhoneConfig, phoneConfigFromSettings } from '../../../src/phone/index.js';

const settings = (model: 'ES320' | 'ES330' = 'ES330') => new Settings(createDefaultRegistry(model), new MemorySettingsBackend());
const extras = { mac: '02005e0000aa', bindAddress: '127.0.0.1', tlsCa: ['PEM'] };

describe('phoneConfigFromSettings', () => {
  it('maps the factory settings to the factory config', () => {
    for (const model of ['ES320', 'ES330'] as const) {
      const config = phoneConfigFromSettings(settings(model), model, extras);
      expect(config).toEqual({ ...defaultPhoneConfig(model), ...extras });
      expect(config.accounts).toHaveLength(model === 'ES320' ? 2 : 3);
    }
  });

  it('fills each line from its account page and the phone-wide fields from Global SIP', () => {
    const s = settings();
    const ok = s.setMany({
      'account.2.enabled': true,
      'account.2.user': '1009',
      'account.2.authName': 'auth1009',
      'account.2.password': 'pw1009',
      'account.2.displayName': 'Desk',
      'account.2.server': '127.0.0.1:25060',
      'account.2.secondaryServer': '127.0.0.2',
      'account.2.outboundProxy': 'proxy:5070',
      'account.2.transport': 'tcp',
      'account.2.registerExpires': 300,
      'account.2.pollingInterval': 10,
      'account.2.keepAlive': false,
      'account.2.keepAliveInterval': 15,
      'account.2.tlsVerify': false,
      'account.2.dnsSrv': true,
      'sip.localPort': 25480,
      'sip.rtpPortMin': 28000,
      'sip.rtpPortMax': 28099,
      'sip.t1': 250,
      'sip.t2': 2000,
      'sip.t4': 2500,
      'dtmf.mode': 'sip-info',
      'dtmf.rfc2833Payload': 110,
    });
    expect(ok.ok).toBe(true);
    const config = phoneConfigFromSettings(s, 'ES330', extras);
    expect(config).toMatchObject({ sipPort: 25480, rtpPortMin: 28000, rtpPortMax: 28099, t1: 250, t2: 2000, t4: 2500 });
    expect(config.accounts[1]).toEqual({
      enabled: true,
      displayName: 'Desk',
      user: '1009',
      authName: 'auth1009',
      password: 'pw1009',
      server: '127.0.0.1:25060',
      secondaryServer: '127.0.0.2',
      outboundProxy: 'proxy:5070',
      secondaryOutboundProxy: '',
      transport: 'tcp',
      registerExpires: 300,
      pollingInterval: 10,
      dnsSrv: true,
      tlsVerify: false,
      keepAlive: false,
      keepAliveInterval: 15,
      dtmfMode: 'sip-info',
      rfc2833Payload: 110,
      codecs: ['PCMU', 'PCMA', 'G722'],
    });
    for (const a of config.accounts) expect([a.dtmfMode, a.rfc2833Payload]).toEqual(['sip-info', 110]);
  });

  it('takes the codec priority from audio.codec1..8, runnable codecs only', () => {
    const s = settings();
    s.setMany({ 'audio.codec1': 'G729', 'audio.codec2': 'G722', 'audio.codec3': 'none', 'audio.codec4': 'PCMA', 'audio.codec5': 'none' });
    expect(phoneConfigFromSettings(s, 'ES330', extras).accounts[0]!.codecs).toEqual(['G722', 'PCMA']);
    const only = settings();
    only.setMany({ 'audio.codec1': 'G729', 'audio.codec2': 'none', 'audio.codec3': 'none' });
    expect(phoneConfigFromSettings(only, 'ES330', extras).accounts[0]!.codecs).toEqual(['PCMU', 'PCMA', 'G722']);
  });

  it('uses the Global SIP server for a line without its own', () => {
    const s = settings();
    s.setMany({ 'sip.server': 'pbx.example', 'sip.outboundProxy': 'sbc.example', 'account.1.server': '', 'account.2.server': 'own.example' });
    const [a1, a2] = phoneConfigFromSettings(s, 'ES330', extras).accounts;
    expect([a1!.server, a1!.outboundProxy]).toEqual(['pbx.example', 'sbc.example']);
    expect([a2!.server, a2!.outboundProxy]).toEqual(['own.example', '']);
  });
});
