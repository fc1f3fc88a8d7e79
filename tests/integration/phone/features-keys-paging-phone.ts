/**
 * Child process of features-keys-paging.test.ts, run inside a network
 * namespace the test created: one whole Sayhi phone (peer-to-peer, bound to
 * the namespace's veth address, its settings and keys from the arguments)
 * whose microphone is a tone and whose handset records what it plays.
 *
 *   --addr 10.231.7.1 --tone 700 --settings '{"paging.1.enabled":true,...}' --keys '[{"id":0,"type":6,"number":"239.1.1.1:5001"}]'
 *
 * stdin commands: "press <key>", "status", "stop". stdout: JSON lines —
 * {"event":"ready"}, every `paging` event of the phone, the answers to the
 * commands, and at "stop" a summary of what the handset played (frames and
 * the Goertzel share of each --hear tone).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { NodeSocketFactory, SystemClock } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry, importKeys, openMemoryPhoneDatabase } from '../../../src/config/index.js';
import { toneRatio, type AudioDevice } from '../../../src/media/index.js';
import { Phone, phoneConfigFromSettings } from '../../../src/phone/index.js';

const { values } = parseArgs({
  options: {
    addr: { type: 'string' },
    tone: { type: 'string', default: '700' },
    hear: { type: 'string', default: '700,1100' },
    settings: { type: 'string', default: '{}' },
    keys: { type: 'string', default: '[]' },
  },
});
const say = (o: object) => console.log(JSON.stringify(o));

const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
const set = settings.setMany(JSON.parse(values.settings!) as Record<string, unknown>);
if (!set.ok) throw new Error(`settings: ${JSON.stringify(set.errors)}`);
const db = openMemoryPhoneDatabase();
const keys = JSON.parse(values.keys!) as Array<{ id: number; type: number; number: string }>;
if (keys.length > 0) {
  const rows = keys.map((k) => `<hotline id="${k.id}" ID="${k.id}" SipAccounts="0" Type="${k.type}" HotlineNum="${k.number}" Name="K${k.id + 1}"/>`);
  const r = importKeys(db, `<all><hotlines>${rows.join('')}</hotlines></all>`, { accountCount: 3 });
  if (!r.ok) throw new Error(`keys: ${JSON.stringify(r.errors)}`);
}

const hz = Number(values.tone);
let phase = 0;
const heard: Int16Array[] = [];
const handset: AudioDevice = {
  name: 'netns-handset',
  readFrame: (frame) => {
    for (let i = 0; i < frame.length; i++) frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * (phase + i)) / 16000));
    phase += frame.length;
    return true;
  },
  writeFrame: (frame) => {
    if (frame.some((s) => s !== 0)) heard.push(frame.slice());
  },
  close: () => {},
};

const config = phoneConfigFromSettings(settings, 'ES330', { mac: '02005e0000bb', bindAddress: values.addr! });
config.sipPort = 5060;
config.rtpPortMin = 20000;
config.rtpPortMax = 20099;
const phone = new Phone({ config, clock: new SystemClock(), sockets: new NodeSocketFactory(), device: handset, settings, db, version: 'netns' });
await phone.start();
phone.events.on('paging', (e) => say({ event: 'paging', ...e }));
say({ event: 'ready' });

async function finish(): Promise<void> {
  const pcm = new Int16Array(heard.length * 320);
  heard.forEach((f, i) => pcm.set(f, i * 320));
  const body = pcm.subarray(Math.min(pcm.length, 1600));
  const ratios = Object.fromEntries(values.hear!.split(',').map((t) => [t, body.length > 0 ? toneRatio(body, 16000, Number(t)) : 0]));
  say({ event: 'summary', frames: heard.length, ratios });
  await phone.stop(1000);
  process.exit(0);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'press') {
    phone.pressProgrammableKey(arg!).then(
      (result) => say({ event: 'pressed', ...result }),
      (err: unknown) => say({ event: 'error', message: String(err) }),
    );
  } else if (cmd === 'status') {
    const s = phone.status();
    say({ event: 'status', paging: s.paging, keys: s.keys });
  } else if (cmd === 'stop') {
    void finish();
  }
}).on('close', () => void finish());
setTimeout(() => void finish(), 30_000).unref();
