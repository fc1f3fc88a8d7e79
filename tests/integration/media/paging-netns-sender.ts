/**
 * Child process of paging-netns.test.ts, run inside a network namespace the
 * test created (`ip netns exec <ns> node --import tsx ...`): pages a tone to
 * one multicast group for a while, then stops.
 *
 *   --group 239.231.7.1:5001  --iface 10.231.7.1  --tone 700  --delay-ms 0  --ms 3000
 *
 * Prints one JSON line when sending starts and one with its counters at the end.
 */
import { parseArgs } from 'node:util';
import { NodeSocketFactory, SystemClock } from '../../../src/base/index.js';
import { MediaClock, PagingSender, ToneAudioDevice } from '../../../src/media/index.js';

const { values } = parseArgs({
  options: {
    group: { type: 'string' },
    iface: { type: 'string' },
    tone: { type: 'string' },
    'delay-ms': { type: 'string', default: '0' },
    ms: { type: 'string' },
  },
});
const [address, port] = values.group!.split(':');
const clock = new SystemClock();
const sender = new PagingSender({
  clock,
  mediaClock: new MediaClock({ clock }),
  sockets: new NodeSocketFactory(),
  target: { address: address!, port: Number(port) },
  device: new ToneAudioDevice(Number(values.tone)),
  bindAddress: values.iface!,
  interfaceAddress: values.iface!,
  ttl: 1,
});

// A ref'd timer keeps the process alive for the delay (SystemClock's timers are unref'd).
await new Promise((resolve) => setTimeout(resolve, Number(values['delay-ms'])));
await sender.start();
console.log(JSON.stringify({ event: 'sending', group: values.group }));
await new Promise((resolve) => setTimeout(resolve, Number(values.ms)));
sender.stop();
console.log(JSON.stringify({ event: 'stopped', group: values.group, ...sender.stats() }));
