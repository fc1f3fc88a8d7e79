/**
 * Is a planned port free? Bind it briefly (UDP socket / TCP listener on 127.0.0.1)
 * so that a start fails with a clear message instead of a peer that silently
 * talks to someone else's process. Also hands out slots of the port plan.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { LAB_HOST } from './ports.js';

export interface PortNeed {
  port: number;
  proto: 'udp' | 'tcp';
}

function probeUdp(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      sock.close();
      resolve(err);
    });
    sock.bind({ port, address: LAB_HOST, exclusive: true }, () => sock.close(() => resolve(undefined)));
  });
}

function probeTcp(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen({ port, host: LAB_HOST, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

export async function portIsFree(need: PortNeed): Promise<boolean> {
  const err = need.proto === 'udp' ? await probeUdp(need.port) : await probeTcp(need.port);
  return err === undefined;
}

/** Throws one error naming every busy port and how to find who holds it. */
export async function assertPortsFree(owner: string, needs: readonly PortNeed[]): Promise<void> {
  const busy: string[] = [];
  let firstBusy: PortNeed | undefined;
  for (const need of needs) {
    const err = need.proto === 'udp' ? await probeUdp(need.port) : await probeTcp(need.port);
    if (!err) continue;
    firstBusy ??= need;
    busy.push(`${LAB_HOST}:${need.port}/${need.proto} (${err.code ?? err.message})`);
  }
  if (firstBusy) {
    throw new Error(
      `${owner}: cannot start, port(s) already in use: ${busy.join(', ')}. ` +
        'Another lab instance or a leftover process holds them; find it with ' +
        `\`ss -lnp${firstBusy.proto === 'udp' ? 'u' : 't'} 'sport = :${firstBusy.port}'\` and stop it by PID.`,
    );
  }
}

/**
 * Slots of one kind (baresip, sipp) claimed by this test process. A slot is handed
 * out only when its ports are also free on the machine.
 */
export class SlotPool {
  private readonly claimed = new Set<number>();

  constructor(
    private readonly kind: string,
    private readonly count: number,
    private readonly needsOf: (slot: number) => PortNeed[],
  ) {}

  async claim(): Promise<number> {
    for (let slot = 0; slot < this.count; slot++) {
      if (this.claimed.has(slot)) continue;
      let free = true;
      for (const need of this.needsOf(slot)) {
        if (!(await portIsFree(need))) {
          free = false;
          break;
        }
      }
      if (free) {
        this.claimed.add(slot);
        return slot;
      }
    }
    throw new Error(`no free ${this.kind} slot left in the lab port plan (${this.count} slots, tests/lab/ports.ts)`);
  }

  /** Marks an explicitly chosen slot as used (no probing: the caller's start probes). */
  hold(slot: number): void {
    this.claimed.add(slot);
  }

  release(slot: number): void {
    this.claimed.delete(slot);
  }
}
