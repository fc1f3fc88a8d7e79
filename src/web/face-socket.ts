import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../base/index.js';
import type { FaceClient, FaceHub } from './face-hub.js';
import { FACE_KIND_AUDIO, readFaceHeader, type FaceClientMessage, type FaceServerMessage } from './face-protocol.js';

/**
 * A browser whose socket has this much unsent data (≈ 0.5 s of audio) is too
 * slow to hear the phone in time: its audio frames are skipped until it catches
 * up (the LCD and state messages still go, they are few).
 */
const AUDIO_BACKLOG_BYTES = 32 * 1024;

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function parseClientMessage(text: string): FaceClientMessage | undefined {
  try {
    const m = JSON.parse(text) as { type?: unknown };
    return m && typeof m === 'object' && typeof m.type === 'string' ? (m as FaceClientMessage) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One /phone page's WebSocket (face-protocol.ts) on the face hub: JSON commands
 * in, key results out, microphone frames to the browser handset. Ends with the
 * socket: the page's audio is switched off and the hub forgets it.
 */
export function bindFaceSocket(socket: WebSocket, hub: FaceHub, logger: Logger): void {
  const open = (): boolean => socket.readyState === socket.OPEN;
  const client: FaceClient = {
    sendText: (text) => {
      if (open()) socket.send(text);
    },
    sendBinary: (message) => {
      if (open()) socket.send(message);
    },
    sendAudio: (message) => {
      if (open() && socket.bufferedAmount < AUDIO_BACKLOG_BYTES) socket.send(message);
    },
  };
  const reply = (m: FaceServerMessage): void => client.sendText(JSON.stringify(m));
  const failed = (err: unknown): string => (err instanceof Error ? err.message : String(err));

  const onCommand = (m: FaceClientMessage): void => {
    switch (m.type) {
      case 'key': {
        const holdMs = typeof m.holdMs === 'number' && m.holdMs >= 0 && m.holdMs <= 10_000 ? m.holdMs : 0;
        hub.press(String(m.key), holdMs).then(
          (r) => reply({ type: 'keyResult', ...(m.id !== undefined ? { id: m.id } : {}), results: [r] }),
          (err) => reply({ type: 'keyResult', ...(m.id !== undefined ? { id: m.id } : {}), results: [], error: failed(err) }),
        );
        return;
      }
      case 'keys':
        hub.pressSequence(String(m.keys)).then(
          (results) => reply({ type: 'keyResult', ...(m.id !== undefined ? { id: m.id } : {}), results }),
          (err) => reply({ type: 'keyResult', ...(m.id !== undefined ? { id: m.id } : {}), results: [], error: failed(err) }),
        );
        return;
      case 'moduleKey':
        hub.pressModuleKey(String(m.id)).catch((err) => reply({ type: 'error', message: failed(err) }));
        return;
      case 'audio':
        if (m.enable && !hub.audioAvailable) {
          reply({ type: 'error', message: 'this phone has no switchable handset: audio stays on the phone' });
          return;
        }
        hub.setAudio(client, m.enable === true);
        return;
      case 'ping':
        reply({ type: 'pong', t: Number(m.t) });
        return;
      default:
        reply({ type: 'error', message: `unknown message type "${(m as { type: string }).type}"` });
    }
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = asBuffer(data);
    if (isBinary) {
      const head = readFaceHeader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (head?.kind === FACE_KIND_AUDIO) hub.microphone(client, bytes);
      return;
    }
    const m = parseClientMessage(bytes.toString('utf8'));
    if (!m) {
      reply({ type: 'error', message: 'messages are JSON objects with a "type"' });
      return;
    }
    onCommand(m);
  });
  let gone = false;
  const leave = (): void => {
    if (gone) return;
    gone = true;
    hub.detach(client);
    logger.debug('face socket closed', { clients: hub.clientCount });
  };
  socket.on('close', leave);
  socket.on('error', leave);
  hub.attach(client);
  logger.debug('face socket opened', { clients: hub.clientCount });
}
