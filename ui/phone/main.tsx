import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { FaceAudioState, FaceProgrammableKey, FaceServerMessage, FaceSnapshot, FaceToneSpec } from '../../src/web/face-protocol.js';
import { api } from '../shared/api-client.js';
import '../shared/theme.css';
import { BrowserAudio } from './audio/browser-audio.js';
import type { LocalSound } from './audio/local-tones.js';
import { AudioControls, HelpPanel, TopBar } from './controls.js';
import { FaceConnection, type LinkState } from './face-connection.js';
import { BODY, LCD_EM_PER_PIXEL, MODULE } from './face-layout.js';
import { SENT_ON_RELEASE, keyForEvent } from './keyboard.js';
import { LcdPainter } from './lcd-painter.js';
import { PhoneFace } from './phone-face.js';
import './page.css';
import './face-body.css';
import './face-keys.css';
import { probe } from './test-hooks.js';

/** Page chrome above the phone, in CSS px (the phone gets the rest of the window). */
const CHROME_PX = 64;

function volumeFor(s: FaceSnapshot): number {
  const v = s.audio.volumes;
  switch (s.audio.path) {
    case 'handset':
      return v.handset ?? 5;
    case 'headset':
      return v.headset ?? 5;
    case 'speaker':
      return v.speaker ?? 5;
    default:
      return v.ring ?? 5;
  }
}

/** What the phone would sound by itself now: the ring, or the dial / ringback tone of the device model. */
function localSound(s: FaceSnapshot, tones: Record<string, FaceToneSpec>): LocalSound {
  if (s.audio.ringing) return { kind: 'ring', level: s.audio.volumes.ring ?? 5, tone: s.audio.ringTone };
  const spec = s.audio.tone ? tones[s.audio.tone] : undefined;
  return spec && s.audio.tone ? { kind: 'tone', name: s.audio.tone, spec } : { kind: 'none' };
}

/**
 * The phone's face (issue #5): drawn from the device model the phone streams
 * over the face WebSocket; every key and shortcut goes back over it; with audio
 * on, this page is the phone's handset.
 */
function PhonePage() {
  const [snapshot, setSnapshot] = useState<FaceSnapshot>();
  const [programmable, setProgrammable] = useState<FaceProgrammableKey[]>([]);
  const [modules, setModules] = useState(0);
  const [periods, setPeriods] = useState({ slow: 1000, fast: 400 });
  const [link, setLink] = useState<LinkState>('connecting');
  const [serverAudio, setServerAudio] = useState<FaceAudioState>({ enabled: false, owner: false, listeners: 0 });
  const [audioOn, setAudioOn] = useState(false);
  const [audioError, setAudioError] = useState<string>();
  const [echoCancellation, setEchoCancellation] = useState(true);
  const [pressed, setPressed] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<string>();
  const [help, setHelp] = useState(false);
  const [tones, setTones] = useState<Record<string, FaceToneSpec>>({});
  const [unit, setUnit] = useState(9);
  const unitRef = useRef(9);
  const painter = useRef<LcdPainter | undefined>(undefined);
  const conn = useRef<FaceConnection | undefined>(undefined);
  const audio = useRef(new BrowserAudio());
  const audioWanted = useRef(false);
  const downAt = useRef(new Map<string, number>());
  /** The newest frame, kept for a canvas that appears after it arrived (the first frame comes with the hello). */
  const lastLcd = useRef<{ frame: number; bits: Uint8Array } | undefined>(undefined);

  const onMessage = useCallback((m: FaceServerMessage) => {
    switch (m.type) {
      case 'hello':
        setSnapshot(m.snapshot);
        setPeriods({ slow: m.cadences.slow.onMs + m.cadences.slow.offMs, fast: m.cadences.fast.onMs + m.cadences.fast.offMs });
        setServerAudio(m.audio);
        setTones(m.tones);
        break;
      case 'state':
        setSnapshot(m.snapshot);
        break;
      case 'programmableKeys':
        setProgrammable(m.keys);
        setModules(m.expansionModules);
        break;
      case 'audio':
        setServerAudio({ enabled: m.enabled, owner: m.owner, listeners: m.listeners });
        break;
      case 'keyResult':
        if (m.error) setMessage(m.error);
        break;
      case 'error':
        setMessage(m.message);
        break;
      case 'pong':
        probe.pingMs.push(performance.now() - m.t);
        break;
    }
  }, []);

  useEffect(() => {
    const c = new FaceConnection({
      onMessage,
      onLcd: (frame, bits) => {
        probe.lcdFrame(frame);
        lastLcd.current = { frame, bits: bits.slice() };
        painter.current?.draw(frame, bits);
      },
      onAudio: (pcm) => {
        probe.audioIn(pcm);
        audio.current.play(pcm);
      },
      onLinkState: (state) => {
        probe.link = state;
        if (state === 'open') {
          probe.opens++;
          c.send({ type: 'ping', t: performance.now() });
        }
        setLink(state);
        if (state === 'open' && audioWanted.current) c.send({ type: 'audio', enable: true });
      },
      onReconnectFailed: () => {
        // a lost session sends the page to the login (api-client does it on 401)
        void api('GET', '/screen', { background: true }).catch(() => undefined);
      },
    });
    conn.current = c;
    probe.dropConnection = () => c.drop();
    c.start();
    const ping = window.setInterval(() => c.send({ type: 'ping', t: performance.now() }), 5000);
    return () => {
      window.clearInterval(ping);
      c.stop();
    };
  }, [onMessage]);

  // 1 em from the window: the whole phone (and its modules) fits; the LCD gets whole device pixels
  useEffect(() => {
    const fit = () => {
      const width = BODY.w + (snapshot?.model === 'ES330' ? modules * (MODULE.w + 1.5) : 0) + 4;
      const u = Math.max(4, Math.min(window.innerWidth / width, (window.innerHeight - CHROME_PX) / (BODY.h + 3), 16));
      setUnit(u);
      unitRef.current = u;
      painter.current?.resize(LCD_EM_PER_PIXEL * u);
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [modules, snapshot?.model]);

  useEffect(() => {
    if (!snapshot || !audioOn) return;
    audio.current.setVolumeLevel(volumeFor(snapshot));
    const sound = localSound(snapshot, tones);
    probe.localSound = sound.kind === 'tone' ? sound.name : sound.kind;
    probe.ringTone = sound.kind === 'ring' ? sound.tone : undefined;
    audio.current.setLocalSound(sound);
  }, [snapshot, audioOn, tones]);

  const send = useCallback((key: string, holdMs = 0) => {
    if (conn.current?.send({ type: 'key', key, ...(holdMs ? { holdMs } : {}) })) probe.keySent();
    else setMessage('Not connected to the phone: the key was not sent.');
  }, []);

  const onDown = useCallback(
    (key: string) => {
      setPressed((p) => new Set(p).add(key));
      if (SENT_ON_RELEASE.has(key)) downAt.current.set(key, performance.now());
      else send(key);
    },
    [send],
  );

  const onUp = useCallback(
    (key: string) => {
      setPressed((p) => {
        const n = new Set(p);
        n.delete(key);
        return n;
      });
      const at = downAt.current.get(key);
      if (at !== undefined) {
        downAt.current.delete(key);
        const held = performance.now() - at;
        send(key, held >= 600 ? Math.round(held) : 0);
      }
    },
    [send],
  );

  useEffect(() => {
    const isField = (t: EventTarget | null) => t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    const down = (ev: KeyboardEvent) => {
      if (isField(ev.target)) return;
      if (ev.key === '?') return setHelp((h) => !h);
      const key = keyForEvent(ev);
      if (!key) return;
      ev.preventDefault();
      if (!ev.repeat) onDown(key);
    };
    const up = (ev: KeyboardEvent) => {
      if (isField(ev.target)) return;
      const key = keyForEvent(ev);
      if (!key) return;
      ev.preventDefault();
      onUp(key);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [onDown, onUp]);

  const startAudio = useCallback(async (echo: boolean) => {
    const why = BrowserAudio.unavailableReason();
    if (why) return setAudioError(why);
    setAudioError(undefined);
    try {
      await audio.current.start({
        echoCancellation: echo,
        onMicrophone: (pcm, level) => {
          probe.uplinkFrames++;
          probe.micLevel = level;
          conn.current?.sendAudio(pcm);
        },
        onStats: (s) => (probe.audio = s),
      });
      probe.outputLatencyMs = audio.current.outputLatencyMs();
      audioWanted.current = true;
      setAudioOn(true);
      conn.current?.send({ type: 'audio', enable: true });
    } catch (err) {
      setAudioError(`Audio could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, []);

  const stopAudio = useCallback(async () => {
    audioWanted.current = false;
    probe.localSound = 'none';
    setAudioOn(false);
    conn.current?.send({ type: 'audio', enable: false });
    await audio.current.stop();
  }, []);

  const lcdRef = useCallback((canvas: HTMLCanvasElement | null) => {
    if (!canvas || painter.current?.canvas === canvas) return;
    painter.current = new LcdPainter(canvas);
    painter.current.resize(LCD_EM_PER_PIXEL * unitRef.current);
    if (lastLcd.current) painter.current.draw(lastLcd.current.frame, lastLcd.current.bits);
  }, []);

  return (
    <div class="page">
      <TopBar model={snapshot?.model} link={link} onHelp={() => setHelp((h) => !h)}>
        <AudioControls
          on={audioOn}
          server={serverAudio}
          error={audioError}
          echoCancellation={echoCancellation}
          onToggle={() => (audioOn ? void stopAudio() : void startAudio(echoCancellation))}
          onEcho={(v) => {
            setEchoCancellation(v);
            if (audioOn) void startAudio(v);
          }}
        />
      </TopBar>
      {help && <HelpPanel onClose={() => setHelp(false)} />}
      {message && (
        <div class="toast" role="status" onClick={() => setMessage(undefined)}>
          {message}
        </div>
      )}
      <main class="stage" style={{ fontSize: `${unit}px` }}>
        {snapshot ? (
          <PhoneFace
            model={snapshot.model}
            leds={Object.fromEntries(snapshot.leds.map((l) => [l.id, l]))}
            periods={periods}
            programmable={programmable}
            expansionModules={modules}
            offHook={snapshot.audio.offHook}
            pressed={pressed}
            lcdRef={lcdRef}
            onDown={onDown}
            onUp={onUp}
            onModuleKey={(id) => conn.current?.send({ type: 'moduleKey', id })}
          />
        ) : (
          <div class="waiting">{link === 'closed' ? 'The phone does not answer; trying again…' : 'Connecting to the phone…'}</div>
        )}
        {snapshot && (
          <p class="sr-only" aria-live="polite">
            {snapshot.lines.filter(Boolean).join('. ')} {snapshot.softKeys.filter(Boolean).join(', ')}
          </p>
        )}
      </main>
    </div>
  );
}

render(<PhonePage />, document.getElementById('app')!);
