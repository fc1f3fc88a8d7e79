/**
 * A bare SIP user agent for the sip-ua integration tests: real sockets
 * (TransportManager on a phone slot of the lab's port plan), a UaCore and a
 * Registration with the lab's Kamailio over UDP, built the way src/phone does
 * it but without the phone, so a test drives the usages (subscriptions) itself.
 * Every SIP message in and out is kept for failure messages.
 */
import { NodeSocketFactory, SinkLogger, SystemClock, type LogRecord, type UdpSocket } from '../../../src/base/index.js';
import { NodeDnsResolver, TargetIterator, TransportManager, makeUri } from '../../../src/sip/index.js';
import { Registration, UaCore, type RegistrationState, type SubscriptionLine } from '../../../src/sip-ua/index.js';
import { PHONE_SLOT_COUNT, phonePorts, portIsFree, type Kamailio } from '../../lab/index.js';

export interface LabUa {
  user: string;
  core: UaCore;
  /** Our SIP port (UDP and TCP). */
  sipPort: number;
  /** What a Subscription of this line needs (identity, credentials, Kamailio over UDP). */
  line: SubscriptionLine;
  logs: LogRecord[];
  /** Every UDP datagram in and out ("> " sent, "< " received), SIP text. */
  wire: string[];
  /** Request/status lines of the wire, for failure messages. */
  wireSummary(): string;
  /** The last log lines, for failure messages. */
  logTail(n?: number): string;
  /** Un-REGISTER and close the sockets. */
  stop(): Promise<void>;
}

/** Node's sockets, with every datagram recorded. */
class WireTap extends NodeSocketFactory {
  readonly wire: string[] = [];

  override async bindUdp(opts: { address: string; port: number; reuseAddr?: boolean }): Promise<UdpSocket> {
    const sock = await super.bindUdp(opts);
    const send = sock.send.bind(sock);
    sock.send = (data, port, address) => {
      this.wire.push(`> ${Buffer.from(data).toString('latin1')}`);
      send(data, port, address);
    };
    const onMessage = sock.onMessage.bind(sock);
    sock.onMessage = (fn) =>
      onMessage((data, from) => {
        this.wire.push(`< ${data.toString('latin1')}`);
        fn(data, from);
      });
    return sock;
  }
}

async function freePhoneSlot(): Promise<number> {
  for (let slot = PHONE_SLOT_COUNT - 1; slot >= 0; slot--) {
    const port = phonePorts(slot).sipPort;
    if ((await portIsFree({ port, proto: 'udp' })) && (await portIsFree({ port, proto: 'tcp' }))) return slot;
  }
  throw new Error('no free phone slot in the lab port plan');
}

/** A UA registered as `user` with Kamailio; resolves once the registrar accepted it. */
export async function startLabUa(kam: Kamailio, user: string, subscribeExpires = 120): Promise<LabUa> {
  const clock = new SystemClock();
  const logs: LogRecord[] = [];
  const logger = new SinkLogger((r) => logs.push(r), 'debug', {}, () => clock.wallTime());
  const sipPort = phonePorts(await freePhoneSlot()).sipPort;
  const tap = new WireTap();
  const transport = await TransportManager.start({
    factory: tap,
    clock,
    logger: logger.child({ layer: 'transport' }),
    udp: { host: '127.0.0.1', port: sipPort },
    tcp: { host: '127.0.0.1', port: sipPort },
  });
  const core = new UaCore({ transport, clock, logger: logger.child({ layer: 'ua' }), userAgent: 'Sayhi sip-ua test' });
  const server = kam.endpoint('udp');
  const locate = async () => new TargetIterator([{ label: 'primary', targets: [{ protocol: 'udp' as const, host: server.host, port: server.port }] }]);
  const password = kam.passwordOf(user);
  const reg = new Registration({
    core,
    user,
    domain: kam.domain,
    registrar: makeUri({ host: server.host, port: server.port }),
    password,
    transport: 'udp',
    expires: 300,
    pollingInterval: 32,
    locate,
  });
  const registered = new Promise<void>((resolve, reject) => {
    const off = reg.events.on('state', (state: RegistrationState, d) => {
      if (state === 'registered') resolve();
      else if (state === 'failed' || state === 'auth-failed') reject(new Error(`${user} did not register: ${d.reason}`));
      else return;
      off();
    });
  });
  reg.start();
  const ua: LabUa = {
    user,
    core,
    sipPort,
    line: {
      core,
      user,
      domain: kam.domain,
      password,
      expires: subscribeExpires,
      transport: 'udp',
      locate,
      resolver: new NodeDnsResolver(),
    },
    logs,
    wire: tap.wire,
    wireSummary: () => tap.wire.map((w) => w.slice(0, w.indexOf('\r\n'))).join('\n'),
    logTail: (n = 40) =>
      logs
        .slice(-n)
        .map((r) => `${r.level} ${r.msg} ${JSON.stringify(r.fields ?? {})}`)
        .join('\n'),
    stop: async () => {
      await reg.stop().catch(() => undefined);
      core.close();
      await transport.close();
    },
  };
  try {
    await registered;
  } catch (err) {
    await ua.stop();
    throw err;
  }
  return ua;
}
