/**
 * Helpers for the phone-clock integration tests: a real Phone (real UDP, the
 * system clock) on 127.0.0.1 with its own in-memory settings, and a tiny SNTP
 * server on 127.0.0.1 (node:dgram) whose clock runs `offsetMs` ahead of the
 * host's. Only loopback is ever used.
 */
import dgram from 'node:dgram';
import { NodeSocketFactory, SystemClock, createLogger, nullLogger } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { NullAudioDevice } from '../../../src/media/index.js';
import { Phone, defaultPhoneConfig, writeNtpTimestamp, type AccountConfig } from '../../../src/phone/index.js';

export interface TimePhone {
  phone: Phone;
  settings: Settings;
  stop(): Promise<void>;
}

/** A phone on 127.0.0.1 (any SIP port) whose settings are `values` over the factory defaults. */
export async function startTimePhone(values: Record<string, unknown>, accounts: AccountConfig[] = []): Promise<TimePhone> {
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const set = settings.setMany(values);
  if (!set.ok) throw new Error(set.reason);
  const config = defaultPhoneConfig('ES330');
  config.bindAddress = '127.0.0.1';
  config.sipPort = 0;
  accounts.forEach((a, i) => (config.accounts[i] = a));
  const logger = process.env.SAYHI_TEST_LOG ? createLogger(process.env.SAYHI_TEST_LOG as 'debug') : nullLogger;
  const phone = new Phone({ config, settings, clock: new SystemClock(), sockets: new NodeSocketFactory(), device: new NullAudioDevice(), logger, version: 'test' });
  await phone.start();
  return { phone, settings, stop: () => phone.stop() };
}

export interface LoopbackSntpServer {
  readonly port: number;
  /** Every request: its first byte (LI/VN/mode) and length. */
  readonly requests: Array<{ first: number; length: number }>;
  /** false: receive and stay silent (a dead server that still holds the port). */
  answering: boolean;
  close(): Promise<void>;
}

/** An SNTP server on 127.0.0.1 answering as RFC 4330 §5 says, its clock `offsetMs` ahead of the host's. */
export async function startLoopbackSntpServer(offsetMs: number): Promise<LoopbackSntpServer> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const server: LoopbackSntpServer = {
    port: sock.address().port,
    requests: [],
    answering: true,
    close: () => new Promise((resolve) => sock.close(() => resolve())),
  };
  sock.on('message', (req, from) => {
    const received = Date.now() + offsetMs;
    server.requests.push({ first: req[0]!, length: req.length });
    if (!server.answering || req.length < 48) return;
    const b = Buffer.alloc(48);
    b[0] = (0 << 6) | (4 << 3) | 4; // no leap warning, version 4, server
    b[1] = 1; // stratum 1
    b.write('LOOP', 12, 'latin1');
    writeNtpTimestamp(b, 16, received - 1000);
    req.copy(b, 24, 40, 48); // originate = the client's transmit
    writeNtpTimestamp(b, 32, received);
    writeNtpTimestamp(b, 40, Date.now() + offsetMs);
    sock.send(b, from.port, from.address);
  });
  return server;
}
