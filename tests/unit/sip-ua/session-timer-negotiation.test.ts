/**
 * RFC 4028 negotiation as pure functions: the UAS table of §9 (who
 * refreshes, when to refuse with 422, when to raise instead), what a 2xx
 * means to the UAC (§7.2, including the one-sided timer), the settings
 * floors of §5 (Min-SE at least 90 s).
 */
import { describe, expect, it } from 'vitest';
import { createRequest, createResponse, makeUri, type SipRequest } from '../../../src/sip/index.js';
import { decideAsUas, readUacResponse, sessionTimerSettings, uacTimerHeaders } from '../../../src/sip-ua/index.js';

function invite(headers: Array<[string, string]>): SipRequest {
  const uri = makeUri({ user: 'b', host: '127.0.0.1' });
  return createRequest({
    method: 'INVITE',
    uri: 'sip:b@127.0.0.1',
    from: { uri, params: new Map([['tag', 'a']]) },
    to: { uri, params: new Map() },
    callId: 'x',
    cseq: 1,
    extraHeaders: headers,
  });
}

const on = sessionTimerSettings({ enabled: true, interval: 1800, minSE: 90 });
const off = sessionTimerSettings();

describe('UAS decision (RFC 4028 §9)', () => {
  it('takes the refresher the request names, and picks the caller when it may (auto)', () => {
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '1800;refresher=uas']]), on, undefined)).toEqual({
      kind: 'timer',
      interval: 1800,
      refresher: 'uas',
      requireTimer: true,
    });
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '1800']]), on, undefined)).toMatchObject({ refresher: 'uac' });
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '1800']]), { ...on, refresher: 'uas' }, undefined)).toMatchObject({
      refresher: 'uas',
    });
  });

  it('a caller without support: we refresh, no Require; a too short interval is raised, not refused (erratum 1687)', () => {
    expect(decideAsUas(invite([['Session-Expires', '60']]), on, undefined)).toEqual({ kind: 'timer', interval: 90, refresher: 'uas', requireTimer: false });
    expect(decideAsUas(invite([]), on, undefined)).toEqual({ kind: 'timer', interval: 1800, refresher: 'uas', requireTimer: false });
  });

  it('422 only for a caller that supports timers; shortens to our interval but never below the Min-SE', () => {
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '60']]), { ...on, minSE: 120 }, undefined)).toEqual({
      kind: 'reject',
      minSE: 120,
    });
    const short = sessionTimerSettings({ enabled: true, interval: 300 });
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '3600'], ['Min-SE', '600']]), short, undefined)).toMatchObject({
      interval: 600,
    });
    // disabled: we follow the caller's interval, we do not shorten it
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '3600']]), off, undefined)).toMatchObject({ interval: 3600 });
  });

  it('disabled and not asked: no timer; mid-dialog without refresher: the running refresher stays', () => {
    expect(decideAsUas(invite([['Supported', 'timer']]), off, undefined)).toEqual({ kind: 'none' });
    expect(decideAsUas(invite([['Supported', 'timer'], ['Session-Expires', '1800']]), on, { localRefresher: true })).toMatchObject({
      refresher: 'uas',
    });
  });
});

describe('UAC side (RFC 4028 §7)', () => {
  it('asks for the interval with Min-SE, naming a refresher only when the setting does', () => {
    expect(uacTimerHeaders({ settings: on, minSE: 90, running: undefined })).toEqual([
      ['Session-Expires', '1800'],
      ['Min-SE', '90'],
    ]);
    expect(uacTimerHeaders({ settings: { ...on, refresher: 'uac' }, minSE: 300, running: undefined })[0]).toEqual(['Session-Expires', '1800;refresher=uac']);
    expect(uacTimerHeaders({ settings: off, minSE: 90, running: undefined })).toEqual([]);
    expect(uacTimerHeaders({ settings: off, minSE: 90, running: { interval: 600, localRefresher: false } })[0]).toEqual([
      'Session-Expires',
      '600;refresher=uas',
    ]);
  });

  it('reads the 2xx: its refresher, one-sided without support, nothing when a supporting peer drops it', () => {
    const ok = (headers: Array<[string, string]>) => {
      const res = createResponse(invite([]), 200, { toTag: 't' });
      for (const [n, v] of headers) res.headers.append(n, v);
      return res;
    };
    expect(readUacResponse(ok([['Require', 'timer'], ['Session-Expires', '900;refresher=uas']]), 1800)).toMatchObject({
      kind: 'timer',
      interval: 900,
      localRefresher: false,
    });
    expect(readUacResponse(ok([['Session-Expires', '900']]), 1800)).toMatchObject({ localRefresher: true, oneSided: false });
    expect(readUacResponse(ok([]), 1800)).toMatchObject({ kind: 'timer', interval: 1800, oneSided: true });
    expect(readUacResponse(ok([['Supported', 'timer']]), 1800)).toEqual({ kind: 'none' });
    expect(readUacResponse(ok([]), undefined)).toEqual({ kind: 'none' });
  });

  it('settings floors: Min-SE at least 90, interval at least Min-SE', () => {
    expect(sessionTimerSettings({ minSE: 30, interval: 60 })).toMatchObject({ minSE: 90, interval: 90 });
    expect(sessionTimerSettings({ minSE: 600, interval: 300 })).toMatchObject({ minSE: 600, interval: 600 });
  });
});
