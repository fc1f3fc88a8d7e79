/**
 * A phone Line's registration over TCP on a loop network: it re-registers when
 * the connection its binding lives on closes, and ignores every other
 * connection (calls, other lines), so one dropped connection does not make
 * every line re-REGISTER.
 */
import { describe, expect, it } from 'vitest';
import { SinkLogger, VirtualClock, type LogRecord } from '../../../src/base/index.js';
import { defaultAccount } from '../../../src/phone/index.js';
import { Line } from '../../../src/phone/line.js';
import { LoopNetwork, LoopTransport, StaticDnsResolver } from '../../../src/sip/index.js';
import { UaCore } from '../../../src/sip-ua/index.js';
import { PHONE, PRIMARY, ScriptedRegistrar } from './registration-bench.js';

function lineBench() {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const logs: LogRecord[] = [];
  const logger = new SinkLogger((r) => logs.push(r), 'debug', {}, () => clock.wallTime());
  const core = new UaCore({ transport: new LoopTransport({ network, ...PHONE }), clock, logger, userAgent: 'Sayhi test' });
  const registrar = new ScriptedRegistrar(network, clock, PRIMARY);
  const account = { ...defaultAccount(), enabled: true, user: '1005', password: 'pw1005', server: `${PRIMARY.host}:${PRIMARY.port}`, transport: 'tcp' as const };
  const line = new Line(1, account, core, new StaticDnsResolver({}));
  return { clock, registrar, line, logs };
}

describe('Line registration over TCP', () => {
  it('re-registers when its own connection closes, not for other connections', async () => {
    const b = lineBench();
    b.line.start();
    await b.clock.advanceAsync(10);
    expect(b.line.status()).toMatchObject({ state: 'registered', registered: true, expires: 3600 });
    expect(b.registrar.count).toBe(1);

    b.line.connectionLost('tcp-99'); // somebody else's connection
    await b.clock.advanceAsync(10);
    expect(b.registrar.count).toBe(1);

    // the loop network names a connection by its two ends
    const ours = `loop-tcp:${PHONE.host}|${PHONE.port}~${PRIMARY.host}|${PRIMARY.port}`;
    b.line.connectionLost(ours);
    await b.clock.advanceAsync(10);
    expect(b.registrar.count).toBe(2);
    expect(b.line.status().state).toBe('registered');
    expect(b.logs.some((r) => r.msg === 're-registering')).toBe(true);
  });

  it('a line that is not registered waits for its polling interval whatever closes', async () => {
    const b = lineBench();
    b.registrar.reply = () => ({ status: 403, reason: 'Forbidden' });
    b.line.start();
    await b.clock.advanceAsync(10);
    expect(b.line.status()).toMatchObject({ state: 'failed', reason: '403 Forbidden from primary server' });
    b.line.connectionLost('tcp-1');
    b.line.connectionLost();
    await b.clock.advanceAsync(10);
    expect(b.registrar.count).toBe(1);
    await b.clock.advanceAsync(32_000);
    expect(b.registrar.count).toBe(2);
  });
});
