import type { ComponentChildren } from 'preact';
import type { FaceAudioState } from '../../src/web/face-protocol.js';
import type { LinkState } from './face-connection.js';
import { Icon } from './icons.js';
import { KEYBOARD_SHORTCUTS } from './keyboard.js';

const LINK_TEXT: Record<LinkState, string> = { connecting: 'Connecting…', open: 'Connected', closed: 'Reconnecting…' };

/** The bar above the phone: name, connection, audio, help and the way to the management pages. */
export function TopBar(props: { model: string | undefined; link: LinkState; onHelp(): void; children: ComponentChildren }) {
  return (
    <header class="topbar">
      <div class="topbar-title">
        <span class="topbar-logo" aria-hidden="true">
          ☏
        </span>
        <span>Sayhi {props.model ?? 'phone'}</span>
        <span class={`link link-${props.link}`} data-testid="link-state" data-state={props.link}>
          <span class="link-dot" />
          {LINK_TEXT[props.link]}
        </span>
      </div>
      <div class="topbar-actions">
        {props.children}
        <button type="button" class="chip" onClick={props.onHelp} title="Keyboard shortcuts (?)">
          ⌨ Shortcuts
        </button>
        <a class="chip" href="/status" title="Management pages">
          ⚙ Settings
        </a>
      </div>
    </header>
  );
}

/** "Enable audio" (browsers start sound only from a click), the echo-cancellation choice, and what the phone says. */
export function AudioControls(props: {
  on: boolean;
  server: FaceAudioState;
  error: string | undefined;
  echoCancellation: boolean;
  onToggle(): void;
  onEcho(on: boolean): void;
}) {
  const s = props.server;
  const detail = !props.on
    ? 'the handset stays on the phone'
    : !s.enabled
      ? 'waiting for the phone…'
      : s.owner
        ? `this browser is the handset${s.listeners > 1 ? ` (${s.listeners - 1} more listening)` : ''}`
        : 'listening; another browser has the microphone';
  return (
    <div class="audio-controls">
      <button
        type="button"
        class={`chip chip-audio${props.on ? ' on' : ''}`}
        data-testid="audio-toggle"
        aria-pressed={props.on}
        onClick={props.onToggle}
        title={props.on ? 'Stop using this browser as the handset' : 'Use this browser’s microphone and speaker as the handset'}
      >
        <Icon name={props.on ? 'speaker' : 'mute'} />
        {props.on ? 'Audio on' : 'Enable audio'}
      </button>
      <label class="chip chip-check" title="Ask the browser to cancel the echo of its own speaker (getUserMedia echoCancellation)">
        <input type="checkbox" checked={props.echoCancellation} onChange={(e) => props.onEcho((e.currentTarget as HTMLInputElement).checked)} />
        Echo cancellation
      </label>
      <span class={`audio-detail${props.error ? ' error' : ''}`} data-testid="audio-state">
        {props.error ?? detail}
      </span>
    </div>
  );
}

export function HelpPanel(props: { onClose(): void }) {
  return (
    <div class="help" role="dialog" aria-label="Keyboard shortcuts">
      <div class="help-head">
        <strong>Keyboard shortcuts</strong>
        <button type="button" class="chip" onClick={props.onClose}>
          Close
        </button>
      </div>
      <table>
        <tbody>
          {KEYBOARD_SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Click any key of the phone; click the handset to lift it or hang up. Hold C for a second to clear a number.</p>
    </div>
  );
}
