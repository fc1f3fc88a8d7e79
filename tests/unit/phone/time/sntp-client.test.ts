/**
 * Proves the SNTP client (RFC 4330 §5, §8) on the in-memory UDP network with
 * a virtual clock: the offset of a server 1 h ahead across a 10 ms path, three
 * requests per server with timeouts of 1, 2 and 4 s, the backup after a dead
 * primary, a plain failure with every reason, Kiss-o'-Death DENY, stray and
 * foreign datagrams ignored, and the server address forms.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../src/base/index.js';
import { SntpClient, parseSntpServer, type SntpOutcome } from '../../../../src/phone/index.js';
import { FakeUdpNetwork } from '../../media/fake-udp-network.js';
import { sntpAnswer, startFakeSntpServer } from './fake-sntp-server.js';

const HOUR = 3_600_000;

function world() {
  const clock = new VirtualClock({ epoch: Date.UTC(2026, 1, 3, 9, 30) });
  const net = new FakeUdpNetwork(clock);
  net.record = true;
  const client = new SntpClient({ clock, sockets: net });
  return { clock, net, client };
}

/** Run a query to its end on the virtual clock. */
async function settle(clock: VirtualClock, q: Promise<SntpOutcome>, ms = 20_000): Promise<SntpOutcome> {
  let out: SntpOutcome | undefined;
  void q.then((o) => (out = o));
  for (let t = 0; t < ms && !out; t += 100) await clock.advanceAsync(100);
  if (!out) throw new Error('query did not end');
  return out;
}

describe('SntpClient', () => {
  it('measures a server 1 h ahead across a 10 ms path: offset +1 h, delay 20 ms', async () => {
    const { clock, net, client } = world();
    net.rule = () => ({ delayMs: 10 });
    await startFakeSntpServer(net, clock, '127.0.0.1', 123, HOUR);
    const out = await settle(clock, client.query(['127.0.0.1']));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.server).toBe('127.0.0.1:123');
    expect(out.offsetMs).toBeCloseTo(HOUR, 0);
    expect(out.delayMs).toBeCloseTo(20, 0);
    expect(out.stratum).toBe(2);
    expect(net.sent.filter((d) => d.to.port === 123)).toHaveLength(1);
  });

  it('asks a dead primary 3 times (timeouts 1, 2, 4 s), then the backup', async () => {
    const { clock, net, client } = world();
    const backup = await startFakeSntpServer(net, clock, '127.0.0.2', 1123, -HOUR);
    const out = await settle(clock, client.query(['127.0.0.1:123', '127.0.0.2:1123']));
    expect(out).toMatchObject({ ok: true, server: '127.0.0.2:1123' });
    if (out.ok) expect(out.offsetMs).toBeCloseTo(-HOUR, 0);
    const toPrimary = net.sent.filter((d) => d.to.address === '127.0.0.1' && d.to.port === 123);
    expect(toPrimary).toHaveLength(3);
    // the backup is asked 1 + 2 + 4 = 7 s after the first request
    expect(backup.requests.map((r) => r.at)).toEqual([7000]);
  });

  it('fails with the reason of every server when none answers, and asks nothing more', async () => {
    const { clock, net, client } = world();
    const out = await settle(clock, client.query(['127.0.0.1', '127.0.0.2:2000', 'bad::host::']));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.reason).toContain('127.0.0.1:123: no answer after 3 tries');
    expect(out.reason).toContain('127.0.0.2:2000: no answer after 3 tries');
    expect(out.reason).toContain('"bad::host::" is not a server address');
    expect(clock.now()).toBe(14_000);
    expect(net.sent).toHaveLength(6);
    await clock.advanceAsync(60_000);
    expect(net.sent).toHaveLength(6);
    expect(clock.pending()).toBe(0);
  });

  it("moves on after Kiss-o'-Death DENY and reports the server as denied (RFC 4330 §8)", async () => {
    const { clock, net, client } = world();
    const primary = await startFakeSntpServer(net, clock, '127.0.0.1', 123, 0);
    primary.reply = (_a, req) => sntpAnswer(req, clock.wallTime(), { stratum: 0, kiss: 'DENY' });
    await startFakeSntpServer(net, clock, '127.0.0.2', 123, 5000);
    const out = await settle(clock, client.query(['127.0.0.1', '127.0.0.2']));
    expect(out).toMatchObject({ ok: true, server: '127.0.0.2:123' });
    expect(primary.requests).toHaveLength(1); // no retry after a refusal

    const alone = world();
    const deny = await startFakeSntpServer(alone.net, alone.clock, '127.0.0.1', 123, 0);
    deny.reply = (_a, req) => sntpAnswer(req, alone.clock.wallTime(), { stratum: 0, kiss: 'RSTR' });
    expect(await settle(alone.clock, alone.client.query(['127.0.0.1']))).toMatchObject({ ok: false, denied: ['127.0.0.1'], reason: expect.stringContaining('RSTR') });
  });

  it('ignores a stale answer and one from another port, then takes the right one', async () => {
    const { clock, net, client } = world();
    const server = await startFakeSntpServer(net, clock, '127.0.0.1', 123, HOUR);
    server.reply = (answer, req) => {
      const client = server.requests.at(-1)!.from;
      // first a reply to some other request (5 h ahead), from the right address
      net.inject(sntpAnswer(Buffer.alloc(48, 7), clock.wallTime() + 5 * HOUR), { address: '127.0.0.1', port: 123 }, client);
      // then a well-formed answer to ours (7 h ahead), but from port 124
      net.inject(sntpAnswer(req, clock.wallTime() + 7 * HOUR), { address: '127.0.0.1', port: 124 }, client);
      return answer;
    };
    const out = await settle(clock, client.query(['127.0.0.1']));
    expect(out.ok && Math.round(out.offsetMs / HOUR)).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('close() ends a query in flight with "stopped"', async () => {
    const { clock, client } = world();
    const q = client.query(['127.0.0.1']);
    await clock.advanceAsync(500);
    client.close();
    expect(await q).toEqual({ ok: false, reason: 'stopped', denied: [] });
  });
});

describe('parseSntpServer', () => {
  it('reads host, host:port, [v6]:port and bare IPv6; port 123 by default', () => {
    expect(parseSntpServer('pool.ntp.org')).toEqual({ host: 'pool.ntp.org', port: 123 });
    expect(parseSntpServer(' 127.0.0.1:1123 ')).toEqual({ host: '127.0.0.1', port: 1123 });
    expect(parseSntpServer('[::1]:1123')).toEqual({ host: '::1', port: 1123 });
    expect(parseSntpServer('::1')).toEqual({ host: '::1', port: 123 });
    expect(parseSntpServer('')).toBeUndefined();
    expect(parseSntpServer('[nope]:1')).toBeUndefined();
  });
});
