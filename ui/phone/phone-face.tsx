import type { ComponentChildren, Ref } from 'preact';
import { useMemo } from 'preact/hooks';
import type { FaceLed, FaceProgrammableKey } from '../../src/web/face-protocol.js';
import { BODY, GRILLE, HANDSET_AREA, LCD_AREA, LIGHT_STRIP, MODULE, NAV, NAV_KEYS, faceKeys, type KeySpot } from './face-layout.js';
import { Handset, Icon } from './icons.js';

export interface FaceProps {
  model: 'ES320' | 'ES330';
  leds: Record<string, FaceLed>;
  /** Blink periods in ms by cadence (src/device LED_CADENCES: on + off). */
  periods: { slow: number; fast: number };
  programmable: FaceProgrammableKey[];
  expansionModules: number;
  offHook: boolean;
  /** Keys held down now (mouse or keyboard): drawn pressed. */
  pressed: ReadonlySet<string>;
  lcdRef: Ref<HTMLCanvasElement>;
  onDown(key: string): void;
  onUp(key: string): void;
  onModuleKey(id: string): void;
}

const em = (n: number) => `${n}em`;
const place = (s: { x: number; y: number; w: number; h: number }) => ({ left: em(s.x), top: em(s.y), width: em(s.w), height: em(s.h) });

/**
 * One LED: its colour, and a blink whose phase is shared by all LEDs of the
 * cadence (they flash together, as on the phone). The phase is fixed when the
 * LED's state changes (a new element, so its animation starts then), not on
 * every render.
 */
export function Led(props: { led: FaceLed | undefined; periods: FaceProps['periods']; class?: string; id: string }) {
  const color = props.led?.color ?? 'off';
  const cadence = props.led?.cadence ?? 'steady';
  return <LedLamp key={`${color}-${cadence}`} color={color} cadence={cadence} period={cadence === 'slow' ? props.periods.slow : cadence === 'fast' ? props.periods.fast : 0} id={props.id} extra={props.class} />;
}

function LedLamp(props: { color: string; cadence: string; period: number; id: string; extra: string | undefined }) {
  const { color, cadence, period } = props;
  const delay = useMemo(() => (period ? Math.round(performance.now() % period) : 0), [period]);
  const style = period ? { animationDuration: `${period}ms`, animationDelay: `-${delay}ms` } : undefined;
  return (
    <span
      class={`led led-${color} led-${cadence} ${props.extra ?? ''}`}
      data-led={props.id}
      data-color={color}
      data-cadence={cadence}
      style={style}
      aria-label={`${props.id} light ${color}${cadence !== 'steady' && color !== 'off' ? ` ${cadence} flashing` : ''}`}
    />
  );
}

function KeyButton(props: { spot: KeySpot; face: FaceProps; title?: string; children?: ComponentChildren }) {
  const { spot, face } = props;
  const down = (ev: PointerEvent) => {
    if (ev.button !== 0) return;
    (ev.currentTarget as HTMLElement).setPointerCapture?.(ev.pointerId);
    face.onDown(spot.key);
  };
  const up = () => face.onUp(spot.key);
  const title = props.title ?? `${spot.label || spot.key}${spot.shortcut ? ` (${spot.shortcut})` : ''}`;
  return (
    <button
      type="button"
      class={`key key-${spot.style}${face.pressed.has(spot.key) ? ' pressed' : ''}`}
      style={place(spot)}
      data-key={spot.key}
      title={title}
      aria-label={title}
      onPointerDown={down}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={(ev) => {
        // a focused key pressed with Enter/Space from the keyboard acts like a click
        if ((ev.key === 'Enter' || ev.key === ' ') && !ev.repeat) {
          ev.preventDefault();
          ev.stopPropagation();
          face.onDown(spot.key);
          face.onUp(spot.key);
        }
      }}
    >
      {spot.led && <Led led={face.leds[spot.led]} periods={face.periods} id={spot.led} />}
      {spot.icon && <Icon name={spot.icon} />}
      {props.children ?? (
        <>
          {spot.label && <span class="key-label">{spot.label}</span>}
          {spot.sub !== undefined && <span class="key-sub">{spot.sub}</span>}
        </>
      )}
    </button>
  );
}

function NavPad(props: { face: FaceProps }) {
  const { face } = props;
  const r = NAV.r;
  return (
    <div class="nav" style={{ left: em(NAV.cx - r), top: em(NAV.cy - r), width: em(2 * r), height: em(2 * r) }}>
      <div class="nav-ring" />
      {NAV_KEYS.map((n) => (
        <button
          type="button"
          class={`nav-key nav-${n.key}${face.pressed.has(n.key) ? ' pressed' : ''}`}
          data-key={n.key}
          title={`${n.label} (${n.shortcut})`}
          aria-label={n.label}
          onPointerDown={(ev) => ev.button === 0 && face.onDown(n.key)}
          onPointerUp={() => face.onUp(n.key)}
          onPointerCancel={() => face.onUp(n.key)}
        >
          <span class="nav-arrow" />
        </button>
      ))}
      <button
        type="button"
        class={`nav-ok${face.pressed.has('ok') ? ' pressed' : ''}`}
        data-key="ok"
        title="OK (Enter)"
        aria-label="OK"
        onPointerDown={(ev) => ev.button === 0 && face.onDown('ok')}
        onPointerUp={() => face.onUp('ok')}
        onPointerCancel={() => face.onUp('ok')}
      >
        OK
      </button>
    </div>
  );
}

/** A line key given a key function (manual §7 "Line Keys") shows that key's label or number instead of "LINE n". */
function withLineKeyLabel(spot: KeySpot, programmable: FaceProgrammableKey[]): KeySpot {
  if (spot.style !== 'line') return spot;
  const k = programmable.find((p) => p.lineKey && `line${p.index}` === spot.key);
  return k ? { ...spot, label: (k.label || k.number || spot.label).slice(0, 10) } : spot;
}

function LabelStrip(props: { side: 'left' | 'right'; keys: FaceProgrammableKey[] }) {
  const byIndex = new Map(props.keys.filter((k) => k.module === undefined && !k.lineKey).map((k) => [k.index, k]));
  const first = props.side === 'left' ? 1 : 7;
  return (
    <div class={`label-strip label-${props.side}`} style={{ left: em(props.side === 'left' ? 24.2 : 88), top: em(4.1), width: em(7.4), height: em(24.6) }}>
      {Array.from({ length: 6 }, (_, i) => {
        const k = byIndex.get(first + i);
        const text = k?.label || (k && k.function !== 'none' && k.function !== 'None' ? k.number : '');
        return (
          <div class="label-cell" key={i} style={{ top: em(i * 4.05 + 0.3), height: em(3.1) }} title={k ? `${k.function} ${k.number}` : undefined}>
            <span>{text}</span>
          </div>
        );
      })}
    </div>
  );
}

function ExpansionModule(props: { n: number; face: FaceProps }) {
  const keys = new Map(props.face.programmable.filter((k) => k.module === props.n).map((k) => [k.index, k]));
  const lampLed = (k: FaceProgrammableKey | undefined): FaceLed | undefined => {
    if (!k?.lamp) return undefined;
    const id = `e${props.n}`;
    if (k.lamp === 'busy') return { id, color: 'red', cadence: 'steady' };
    if (k.lamp === 'ringing') return { id, color: 'red', cadence: 'fast' };
    if (k.lamp === 'idle') return { id, color: 'green', cadence: 'steady' };
    return undefined;
  };
  return (
    <div class="module" data-module={props.n} style={{ width: em(MODULE.w), height: em(MODULE.h) }} aria-label={`Expansion module ${props.n}`}>
      <div class="module-title">EMS32 · {props.n}</div>
      {Array.from({ length: MODULE.keys }, (_, i) => {
        const index = i + 1;
        const col = i < 16 ? 0 : 1;
        const row = i % 16;
        const k = keys.get(index);
        const id = `e${props.n}-${index}`;
        return (
          <div class={`module-row col-${col}`} key={id} style={{ top: em(MODULE.top + row * MODULE.rowPitch), left: em(col === 0 ? 1 : 12.8), width: em(11.2) }}>
            <button type="button" class="key key-programmable" data-module-key={id} title={k ? `${k.function} ${k.number}` : id} onClick={() => props.face.onModuleKey(id)}>
              <Led led={lampLed(k)} periods={props.face.periods} id={id} />
            </button>
            <span class="module-label">{k?.label || k?.number || ''}</span>
          </div>
        );
      })}
    </div>
  );
}

/** The whole phone: body, handset, LCD window, keys and lights, and the expansion modules of an ES330. */
export function PhoneFace(props: FaceProps) {
  const keys = faceKeys(props.model);
  const modules = props.model === 'ES330' ? props.expansionModules : 0;
  return (
    <div class="phone-row">
      <div class={`phone model-${props.model}`} style={{ width: em(BODY.w), height: em(BODY.h) }} data-model={props.model}>
        <div class="brand">
          <span class="brand-name">SayHi</span> <span class="brand-model">{props.model}</span>
        </div>
        <div class="light-strip-wrap" style={place(LIGHT_STRIP)}>
          <Led led={props.leds.strip} periods={props.periods} id="strip" class="light-strip" />
        </div>
        <button
          type="button"
          class={`handset-area${props.offHook ? ' off-hook' : ''}`}
          style={place(HANDSET_AREA)}
          data-key="hook"
          title={props.offHook ? 'Hang up: put the handset down (Space)' : 'Lift the handset (Space)'}
          aria-label={props.offHook ? 'Handset: hang up' : 'Handset: pick up'}
          aria-pressed={props.offHook}
          onClick={() => {
            props.onDown('hook');
            props.onUp('hook');
          }}
        >
          <Handset offHook={props.offHook} />
        </button>
        <div class="lcd-bezel" style={place(LCD_AREA)}>
          <div class="lcd-window">
            <canvas ref={props.lcdRef} class="lcd" data-testid="lcd" role="img" aria-label="LCD" />
            <div class="lcd-glare" />
          </div>
        </div>
        <LabelStrip side="left" keys={props.programmable} />
        <LabelStrip side="right" keys={props.programmable} />
        <div class="grille" style={place(GRILLE)} aria-hidden="true" />
        <div class="volume-caption" style={{ left: em(38.5), top: em(62.1), width: em(8) }}>
          <span>VOLUME</span>
        </div>
        {keys.map((spot) => (
          <KeyButton spot={withLineKeyLabel(spot, props.programmable)} face={props} key={spot.key} />
        ))}
        <NavPad face={props} />
        <div class="mic-hole" style={{ left: em(93), top: em(75.6) }} aria-hidden="true" />
      </div>
      {Array.from({ length: modules }, (_, i) => (
        <ExpansionModule n={i + 1} face={props} key={i} />
      ))}
    </div>
  );
}
