/**
 * Node's own floor under call-setup.ts: the same message pattern (INVITE →
 * 180, 200 → ACK, BYE → 200, ~700-byte INVITE) over UDP on 127.0.0.1
 * between two sockets of this process, paced the same way (a 2 ms loop
 * starting the calls due), with no SIP at all: each message is a few bytes
 * that only say which one it is. CPU per call per side is what any Node
 * program pays for these 6 datagrams and their event-loop wake-ups; compare
 * it with call-setup.ts case 1 and with SIPp.
 *
 * Run: npx tsx bench/udp-floor.ts [callsPerSecond=400] [seconds=8]
 */
import dgram from 'node:dgram';
import { availableParallelism, loadavg } from 'node:os';
import { BENCH_PORTS, selfCpuMs, sleepMs } from './bench-process.js';

const HOST = '127.0.0.1';
const INVITE = Buffer.alloc(700, 0x41);
const [RINGING, OK, ACK, BYE, BYE_OK] = [1, 2, 3, 4, 5].map((n) => Buffer.from([n]));

async function bind(port: number): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(port, HOST, resolve));
  return s;
}

async function main(): Promise<void> {
  const rate = Number(process.argv[2] ?? 400);
  const seconds = Number(process.argv[3] ?? 8);
  const uac = await bind(BENCH_PORTS.sayhiUac + 2);
  const uas = await bind(BENCH_PORTS.sayhiUas + 2);
  const uasPort = uas.address().port;
  const uacPort = uac.address().port;
  let completed = 0;
  uas.on('message', (m) => {
    if (m[0] === 0x41) {
      uas.send(RINGING!, uacPort, HOST);
      uas.send(OK!, uacPort, HOST);
    } else if (m[0] === 4) {
      uas.send(BYE_OK!, uacPort, HOST);
    }
  });
  uac.on('message', (m) => {
    if (m[0] === 2) {
      uac.send(ACK!, uasPort, HOST);
      uac.send(BYE!, uasPort, HOST);
    } else if (m[0] === 5) {
      completed++;
    }
  });
  const total = rate * seconds;
  let started = 0;
  const t0 = performance.now();
  let window: { cpu: number; at: number } | undefined;
  let result = '';
  while (started < total) {
    const elapsed = performance.now() - t0;
    if (!window && elapsed >= 1000) window = { cpu: selfCpuMs(), at: performance.now() };
    if (window && !result && elapsed >= seconds * 1000 - 500) {
      const calls = (rate * (performance.now() - window.at)) / 1000;
      result = `${(((selfCpuMs() - window.cpu) * 1000) / calls / 2).toFixed(0)} µs CPU per call per side`;
    }
    const due = Math.min(total, Math.floor((elapsed / 1000) * rate) + 1);
    while (started < due) {
      started++;
      uac.send(INVITE, uasPort, HOST);
    }
    await sleepMs(2);
  }
  await sleepMs(500);
  uac.close();
  uas.close();
  console.log(
    `udp-floor: ${rate} calls/s for ${seconds} s, 6 datagrams per call, no SIP: ${result}; ` +
      `${completed}/${total} completed; load ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`,
  );
}

await main();
