import {
  FACE_AUDIO_FRAME_BYTES,
  FACE_HEADER_BYTES,
  FACE_KIND_AUDIO,
  FACE_KIND_LCD,
  FACE_WS_PATH,
  LCD_FRAME_BYTES,
  readFaceHeader,
  writeFaceHeader,
  type FaceClientMessage,
  type FaceServerMessage,
} from '../../src/web/face-protocol.js';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface FaceConnectionHandlers {
  onMessage(m: FaceServerMessage): void;
  /** A new LCD frame: its number and the 1024 bytes (a view, valid during the call). */
  onLcd(frame: number, bits: Uint8Array): void;
  /** 20 ms of the phone's audio (320 samples, a fresh array the callee may keep). */
  onAudio(pcm: Int16Array, sequence: number): void;
  onLinkState(state: LinkState, detail?: string): void;
  /** The socket could not open again: maybe the session ended (the page checks). */
  onReconnectFailed(attempts: number): void;
}

/** Backoff between reconnects: 0.5 s doubling to 5 s (a rebooting phone is back within seconds). */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/**
 * The page's WebSocket to the phone (src/web/face-protocol.ts), reconnecting by
 * itself: after a drop it retries with backoff, and the page re-sends what it
 * had asked for (audio) from onLinkState('open').
 */
export class FaceConnection {
  private ws: WebSocket | undefined;
  private retryMs = RETRY_MIN_MS;
  private attempts = 0;
  private timer: number | undefined;
  private stopped = false;
  private uplinkSeq = 0;
  private readonly uplink = new Uint8Array(FACE_HEADER_BYTES + FACE_AUDIO_FRAME_BYTES);

  constructor(private readonly handlers: FaceConnectionHandlers) {}

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.ws?.close();
  }

  /** Close the socket as a network failure would (it reconnects): the page's test hook. */
  drop(): void {
    this.ws?.close(4000, 'dropped');
  }

  send(m: FaceClientMessage): boolean {
    if (!this.isOpen) return false;
    this.ws!.send(JSON.stringify(m));
    return true;
  }

  /** One 20 ms microphone frame (320 samples) to the phone. */
  sendAudio(pcm: Int16Array): void {
    if (!this.isOpen || this.ws!.bufferedAmount > 16 * 1024) return;
    const view = new DataView(this.uplink.buffer);
    writeFaceHeader(view, FACE_KIND_AUDIO, this.uplinkSeq++);
    for (let i = 0; i < pcm.length; i++) view.setInt16(FACE_HEADER_BYTES + i * 2, pcm[i]!, true);
    this.ws!.send(this.uplink);
  }

  private open(): void {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}${FACE_WS_PATH}`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.handlers.onLinkState('connecting');
    ws.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      this.attempts = 0;
      this.handlers.onLinkState('open');
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') {
        this.handlers.onMessage(JSON.parse(ev.data) as FaceServerMessage);
        return;
      }
      const bytes = new Uint8Array(ev.data as ArrayBuffer);
      const head = readFaceHeader(new DataView(bytes.buffer));
      if (!head) return;
      if (head.kind === FACE_KIND_LCD && bytes.length >= FACE_HEADER_BYTES + LCD_FRAME_BYTES) {
        this.handlers.onLcd(head.counter, bytes.subarray(FACE_HEADER_BYTES, FACE_HEADER_BYTES + LCD_FRAME_BYTES));
      } else if (head.kind === FACE_KIND_AUDIO && bytes.length >= FACE_HEADER_BYTES + FACE_AUDIO_FRAME_BYTES) {
        const view = new DataView(bytes.buffer, FACE_HEADER_BYTES);
        const pcm = new Int16Array(FACE_AUDIO_FRAME_BYTES / 2);
        for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true);
        this.handlers.onAudio(pcm, head.counter);
      }
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.handlers.onLinkState('closed', ev.reason || undefined);
      if (this.stopped) return;
      this.attempts++;
      if (this.attempts >= 2) this.handlers.onReconnectFailed(this.attempts);
      this.timer = window.setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    };
  }
}
