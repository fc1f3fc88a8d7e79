import type { TextMessage } from '../../config/index.js';
import { formatUri, type SipUri } from '../../sip/index.js';
import { readTextMessage, sendTextMessage, type TextMessageLine } from '../../sip-ua/index.js';
import { parseDialTarget } from '../dial-target.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import { requestRoute } from '../request-route.js';
import type { IncomingRequest, PhoneFeature } from '../phone-feature.js';
import type { PhoneStatus } from '../phone-types.js';
import { unescapeUser } from './feature-settings.js';
import { serviceHub } from './service-hub.js';
import { autoLine } from './subscription-line.js';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex
const BODY_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A sender's name or number as received, without control characters (the store refuses them; the LCD cannot show them). */
function withoutControls(text: string): string {
  return text.replace(CONTROLS, '');
}


/**
 * Text messages (the manual's feature list: "SMS"; SIP MESSAGE, RFC 3428, as
 * Yealink's "Text Message"): received ones are answered 200, kept (100 in,
 * 100 out, the oldest dropped) and announced as `textMessage` events; the
 * LCD and the pages show them. A number on the banlist for that line is
 * refused 403 like its calls (the point of a ban is not to be bothered).
 * Sending goes through the line's server (digest auth, outbound proxy) or,
 * for an IP address or a line without a server, straight to the address.
 */
export class TextMessagesFeature implements PhoneFeature {
  readonly name = 'text-messages';

  constructor(private readonly ctx: PhoneContext) {
    serviceHub(ctx).texts = this;
  }

  decorateStatus(status: PhoneStatus): void {
    status.unreadTextMessages = this.ctx.db.textMessages.unreadCount();
  }

  onRequest(r: IncomingRequest): boolean {
    if (r.request.method !== 'MESSAGE') return false;
    const read = readTextMessage(r.request);
    if (read.kind === 'refused') {
      this.ctx.logger.info('text message refused', { status: read.status, reason: read.reason });
      r.respond(read.status, { reason: read.reason, ...(read.headers ? { headers: read.headers } : {}) });
      return true;
    }
    if (read.kind === 'ignored') {
      r.respond(200);
      return true;
    }
    const number = unescapeUser(read.from?.uri.user ?? '');
    const ban = number ? this.ctx.db.banlist.match(number, r.line.number) : undefined;
    if (ban) {
      this.ctx.logger.info('text message from a banned number refused', { number, entry: ban.id });
      r.respond(403, { reason: 'Forbidden' });
      return true;
    }
    let stored: TextMessage;
    try {
      stored = this.ctx.db.textMessages.add({
        direction: 'in',
        time: this.ctx.clock.wallTime(),
        line: r.line.number,
        remoteUri: withoutControls(read.from ? formatUri(read.from.uri) : '').slice(0, 256),
        remoteName: withoutControls(read.from?.displayName ?? '').slice(0, 64),
        number: withoutControls(number).slice(0, 64),
        // line breaks and tabs are part of a text; other control characters are not shown
        body: read.text.replace(BODY_CONTROLS, ''),
      });
    } catch (err) {
      this.ctx.logger.warn('text message could not be kept', { error: (err as Error).message });
      r.respond(500, { reason: 'Server Internal Error' });
      return true;
    }
    r.respond(200);
    this.ctx.logger.info('text message received', { id: stored.id, from: number, line: r.line.number });
    this.ctx.events.emit('textMessage', stored);
    this.ctx.events.emit('unreadTextMessages', { count: this.ctx.db.textMessages.unreadCount() });
    return true;
  }

  /** Send `text` to `to` (a number, user@host, URI or IP, as dialled) from `line` (default: the first registered). */
  async send(to: string, text: string, lineNumber?: number): Promise<TextMessage> {
    const line = lineNumber === undefined ? autoLine(this.ctx) : this.ctx.lines()[lineNumber - 1];
    if (!line) throw new PhoneError('PHONE_NO_SUCH_LINE', `no line ${lineNumber ?? ''}`.trim());
    const target = parseDialTarget(to, line.domain, line.transport);
    if (!target.ok) throw new PhoneError('PHONE_BAD_TARGET', target.reason);
    if (text.trim() === '') throw new PhoneError('PHONE_BAD_TARGET', 'the message is empty');
    const sender = this.senderFor(line, target.uri);
    const uri = formatUri(target.uri);
    let stored: TextMessage;
    try {
      stored = this.ctx.db.textMessages.add({
        direction: 'out',
        time: this.ctx.clock.wallTime(),
        line: line.number,
        remoteUri: uri.slice(0, 256),
        number: unescapeUser(target.uri.user ?? target.uri.host).slice(0, 64),
        body: text,
        status: 'sending',
        read: true,
      });
    } catch (err) {
      // the store's limits (1300 bytes) come back as a clear refusal
      throw new PhoneError('PHONE_BAD_TARGET', (err as Error).message);
    }
    this.ctx.events.emit('textMessage', stored);
    const out = await sendTextMessage(sender, target.uri, text);
    const status = out.ok ? 'sent' : `failed: ${out.reason}`.slice(0, 128);
    const done = this.ctx.db.textMessages.setStatus(stored.id, status);
    this.ctx.logger.info(out.ok ? 'text message sent' : 'text message not delivered', { id: stored.id, to: uri, status });
    this.ctx.events.emit('textMessage', done);
    return done;
  }

  /** Through the line's server as a call would go, or straight to the address (request-route.ts). */
  private senderFor(line: Line, uri: SipUri): TextMessageLine {
    const a = line.config;
    const core = this.ctx.core();
    const { locate, route } = requestRoute(this.ctx, line, uri);
    const domain = line.domain ?? core.transport.localAddress(line.transport, { protocol: line.transport, host: uri.host, port: uri.port ?? 5060 }).host;
    return {
      core,
      user: a.user || 'sayhi',
      domain,
      ...(a.displayName ? { displayName: a.displayName } : {}),
      password: a.password,
      ...(a.authName ? { authName: a.authName } : {}),
      transport: line.transport,
      locate,
      ...(route ? { route } : {}),
    };
  }
}

export function textMessagesFeature(ctx: PhoneContext): PhoneFeature {
  return new TextMessagesFeature(ctx);
}
