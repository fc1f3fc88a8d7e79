import type { SdpConnection, SdpDescription, SdpLine, SdpMediaDescription } from './sdp-description.js';

/**
 * SdpDescription -> SDP text, CRLF after every line (RFC 8866 §5). Lines go
 * in the order RFC 8866 §5 gives (v o s i u e p c b t r z k a at session
 * level; m i c b k a per media); the attributes we model come first, in
 * this order: rtpmap, fmtp, rtcp, ptime, direction; kept lines (`other`)
 * follow their type's place, and a type the RFC does not place ends its
 * level.
 */

const SESSION_BEFORE_C = 'iuep';
const SESSION_AFTER_T = 'rzk';
const MEDIA_BEFORE_C = 'i';
const MEDIA_AFTER_C = 'bk';
const PLACED_SESSION = 'vosiuepcbtrzka';
const PLACED_MEDIA = 'micbka';

function kept(lines: readonly SdpLine[], types: string): string {
  let out = '';
  for (const l of lines) if (types.includes(l.type)) out += `${l.type}=${l.value}\r\n`;
  return out;
}

function unplaced(lines: readonly SdpLine[], placed: string): string {
  let out = '';
  for (const l of lines) if (!placed.includes(l.type)) out += `${l.type}=${l.value}\r\n`;
  return out;
}

function connectionLine(c: SdpConnection): string {
  return `c=IN IP${c.ipVersion} ${c.address}\r\n`;
}

function mediaSection(m: SdpMediaDescription): string {
  let out = `m=${m.type} ${m.port} ${m.protocol} ${m.formats}\r\n`;
  if (m.other.length > 0) out += kept(m.other, MEDIA_BEFORE_C);
  if (m.connection) out += connectionLine(m.connection);
  if (m.other.length > 0) out += kept(m.other, MEDIA_AFTER_C);
  for (const r of m.rtpmaps) {
    // RFC 8866 §6.6: channels only when not 1; no rate written means none was known
    const tail = r.channels ? `/${r.clockRate}/${r.channels}` : r.clockRate ? `/${r.clockRate}` : '';
    out += `a=rtpmap:${r.pt} ${r.encoding}${tail}\r\n`;
  }
  for (const f of m.fmtps) out += `a=fmtp:${f.pt} ${f.params}\r\n`;
  if (m.rtcp) {
    const where = m.rtcp.address ? ` IN ${m.rtcp.address.includes(':') ? 'IP6' : 'IP4'} ${m.rtcp.address}` : '';
    out += `a=rtcp:${m.rtcp.port}${where}\r\n`;
  }
  if (m.ptime !== undefined) out += `a=ptime:${m.ptime}\r\n`;
  if (m.direction) out += `a=${m.direction}\r\n`;
  if (m.other.length > 0) out += kept(m.other, 'a') + unplaced(m.other, PLACED_MEDIA);
  return out;
}

export function writeSdp(d: SdpDescription): string {
  let out = 'v=0\r\n';
  const o = d.origin;
  if (o) out += `o=${o.username} ${o.sessionId} ${o.version} IN ${o.addressType} ${o.address}\r\n`;
  out += `s=${d.name}\r\n`;
  if (d.other.length > 0) out += kept(d.other, SESSION_BEFORE_C);
  if (d.connection) out += connectionLine(d.connection);
  if (d.other.length > 0) out += kept(d.other, 'b');
  out += `t=${d.timing}\r\n`;
  if (d.other.length > 0) out += kept(d.other, SESSION_AFTER_T);
  if (d.direction) out += `a=${d.direction}\r\n`;
  if (d.other.length > 0) out += kept(d.other, 'a') + unplaced(d.other, PLACED_SESSION);
  for (const m of d.media) out += mediaSection(m);
  return out;
}
