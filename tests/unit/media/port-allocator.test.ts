/**
 * RTP port pairs from the configured range: even RTP port, RTCP = RTP + 1,
 * a pair whose bind fails is skipped, released pairs come back (round-robin,
 * not at once), and an exhausted range is an outcome, not an exception.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { RtpPortAllocator, type RtpPortPair } from '../../../src/media/rtp/port-allocator.js';
import { FakeUdpNetwork } from './fake-udp-network.js';

async function take(a: RtpPortAllocator): Promise<RtpPortPair> {
  const r = await a.allocate();
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('RtpPortAllocator', () => {
  it('hands out even/odd pairs from 10000-10128 by default', async () => {
    const net = new FakeUdpNetwork(new VirtualClock());
    const a = new RtpPortAllocator({ sockets: net, address: '127.0.0.1' });
    expect(a.capacity).toBe(64);
    const p = await take(a);
    expect([p.rtpPort, p.rtcpPort]).toEqual([10000, 10001]);
    expect(p.rtp.local.port).toBe(10000);
    expect(p.rtcp.local.port).toBe(10001);
    const q = await take(a);
    expect(q.rtpPort).toBe(10002);
    expect(a.inUse).toBe(2);
  });

  it('rounds an odd start up and skips pairs whose bind fails (RTP or RTCP side)', async () => {
    const net = new FakeUdpNetwork(new VirtualClock());
    net.busyPorts.add(20002); // RTP side of the first pair
    net.busyPorts.add(20005); // RTCP side of the second pair
    const a = new RtpPortAllocator({ sockets: net, address: '127.0.0.1', range: { min: 20001, max: 20010 } });
    const p = await take(a);
    expect(p.rtpPort).toBe(20006);
    // The half-bound pair was closed again.
    expect(net.isBound('127.0.0.1', 20004)).toBe(false);
  });

  it('releases both sockets on release(), once, and reuses the pair later', async () => {
    const net = new FakeUdpNetwork(new VirtualClock());
    const a = new RtpPortAllocator({ sockets: net, address: '127.0.0.1', range: { min: 30000, max: 30005 } });
    const p1 = await take(a);
    const p2 = await take(a);
    p1.release();
    p1.release();
    expect(net.isBound('127.0.0.1', 30000)).toBe(false);
    expect(net.isBound('127.0.0.1', 30001)).toBe(false);
    expect(a.inUse).toBe(1);
    // Round-robin: the next free pair after the last one handed out, not the one just freed.
    const p3 = await take(a);
    expect(p3.rtpPort).toBe(30004);
    const p4 = await take(a);
    expect(p4.rtpPort).toBe(30000);
    expect(await a.allocate()).toEqual({ ok: false, reason: 'no-free-port' });
    p2.release();
    expect((await take(a)).rtpPort).toBe(30002);
  });

  it('does not hand one pair to two concurrent callers', async () => {
    const net = new FakeUdpNetwork(new VirtualClock());
    const a = new RtpPortAllocator({ sockets: net, address: '127.0.0.1', range: { min: 40000, max: 40003 } });
    const [x, y, z] = await Promise.all([a.allocate(), a.allocate(), a.allocate()]);
    const ports = [x, y].map((r) => (r.ok ? r.value.rtpPort : -1)).sort();
    expect(ports).toEqual([40000, 40002]);
    expect(z).toEqual({ ok: false, reason: 'no-free-port' });
  });

  it('refuses a range without a pair', () => {
    const net = new FakeUdpNetwork(new VirtualClock());
    expect(() => new RtpPortAllocator({ sockets: net, address: '127.0.0.1', range: { min: 5001, max: 5001 } })).toThrow(/no even/);
  });
});
