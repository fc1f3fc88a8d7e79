import type { Result } from '../../base/index.js';

/**
 * A small, strict XML 1.0 reader for event-package bodies (RFC 4235
 * dialog-info and the like): elements, attributes, character data, CDATA,
 * comments, processing instructions, the five predefined entities and
 * character references, and namespace resolution (Namespaces in XML §6).
 * No DTD: a DOCTYPE is refused, so no entity can expand ("billion laughs")
 * and nothing external is fetched. Size, depth and element count are capped
 * because the body comes from the network. Errors are values, never throws.
 */

export interface XmlElement {
  /** Local name, prefix stripped ("dialog" for <d:dialog>). */
  name: string;
  /** Namespace URI in scope for the element, or undefined. */
  ns: string | undefined;
  /** Attributes by name as written ("id", "xml:lang"); namespace declarations left out. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element (CDATA included), entities decoded. */
  text: string;
}

export interface XmlLimits {
  /** Largest document in characters (default 64 KiB). */
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = { maxChars: 65_536, maxDepth: 32, maxElements: 4_096 };

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface OpenElement {
  element: XmlElement;
  qname: string;
  scope: Map<string, string>;
}

export function readXml(text: string, limits: Partial<XmlLimits> = {}): Result<XmlElement> {
  const lim = { ...DEFAULT_XML_LIMITS, ...limits };
  if (text.length > lim.maxChars) return { ok: false, reason: `document larger than ${lim.maxChars} characters` };
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let i = 0;
  const fail = (why: string): Result<XmlElement> => ({ ok: false, reason: `${why} at offset ${i}` });
  while (i < s.length) {
    if (s.charCodeAt(i) !== 0x3c /* < */) {
      const end = s.indexOf('<', i);
      const raw = s.slice(i, end < 0 ? s.length : end);
      const top = stack.at(-1);
      if (!top) {
        if (raw.trim() !== '') return fail('text outside the root element');
      } else {
        const decoded = decodeEntities(raw);
        if (decoded === undefined) return fail('bad entity or character reference');
        top.element.text += decoded;
      }
      i = end < 0 ? s.length : end;
      continue;
    }
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) return fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9);
      const top = stack.at(-1);
      if (end < 0 || !top) return fail('CDATA outside an element or unterminated');
      top.element.text += s.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (s.startsWith('<!', i)) return fail('DOCTYPE and other declarations are not accepted');
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end < 0) return fail('unterminated processing instruction');
      i = end + 2;
      continue;
    }
    if (s.startsWith('</', i)) {
      const nameEnd = scanName(s, i + 2);
      const qname = s.slice(i + 2, nameEnd);
      const close = skipSpace(s, nameEnd);
      const top = stack.pop();
      if (!top || top.qname !== qname || s.charCodeAt(close) !== 0x3e) return fail(`unexpected </${qname}>`);
      i = close + 1;
      continue;
    }
    // start tag
    const nameEnd = scanName(s, i + 1);
    if (nameEnd === i + 1) return fail('bad element name');
    const qname = s.slice(i + 1, nameEnd);
    const raw = new Map<string, string>();
    let j = nameEnd;
    let selfClosing = false;
    for (;;) {
      const k = skipSpace(s, j);
      if (s.startsWith('/>', k)) {
        selfClosing = true;
        j = k + 2;
        break;
      }
      if (s.charCodeAt(k) === 0x3e) {
        j = k + 1;
        break;
      }
      if (k === j) return fail('missing space between attributes or bad start tag');
      const an = scanName(s, k);
      if (an === k) return fail('bad attribute name');
      const eq = skipSpace(s, an);
      if (s.charCodeAt(eq) !== 0x3d /* = */) return fail('attribute without a value');
      const q = skipSpace(s, eq + 1);
      const quote = s[q];
      if (quote !== '"' && quote !== "'") return fail('unquoted attribute value');
      const vEnd = s.indexOf(quote, q + 1);
      if (vEnd < 0) return fail('unterminated attribute value');
      const rawValue = s.slice(q + 1, vEnd);
      if (rawValue.includes('<')) return fail("'<' in an attribute value");
      const value = decodeEntities(rawValue);
      if (value === undefined) return fail('bad entity in an attribute value');
      const aname = s.slice(k, an);
      if (raw.has(aname)) return fail(`duplicate attribute ${aname}`);
      raw.set(aname, value);
      j = vEnd + 1;
    }
    if (++count > lim.maxElements) return fail(`more than ${lim.maxElements} elements`);
    if (stack.length >= lim.maxDepth) return fail(`nesting deeper than ${lim.maxDepth}`);
    if (root && stack.length === 0) return fail('a second root element');
    const parent = stack.at(-1);
    const scope = new Map(parent?.scope ?? []);
    const attrs = new Map<string, string>();
    for (const [name, value] of raw) {
      if (name === 'xmlns') scope.set('', value);
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
      else attrs.set(name, value);
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    if (prefix && !scope.has(prefix)) return fail(`undeclared namespace prefix ${prefix}`);
    const element: XmlElement = { name: qname.slice(colon + 1), ns: scope.get(prefix) || undefined, attrs, children: [], text: '' };
    if (parent) parent.element.children.push(element);
    else root = element;
    if (!selfClosing) stack.push({ element, qname, scope });
    i = j;
  }
  if (stack.length > 0) return { ok: false, reason: `<${stack.at(-1)!.qname}> is never closed` };
  if (!root) return { ok: false, reason: 'no root element' };
  return { ok: true, value: root };
}

/** The first child element with this local name (and namespace, when given). */
export function childNamed(el: XmlElement, name: string, ns?: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

function skipSpace(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** End of an XML Name starting at i (ASCII name characters, anything non-ASCII taken as a name character). */
function scanName(s: string, i: number): number {
  const start = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
    const more = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
    if (!(letter || (i > start && more))) break;
    i++;
  }
  return i;
}

/** Decode &name; and &#n; / &#xh; (XML 1.0 §4.1, §4.6); undefined for anything else after '&'. */
function decodeEntities(raw: string): string | undefined {
  if (!raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) return undefined;
    const ref = raw.slice(amp + 1, semi);
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x';
      const digits = ref.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
      const code = parseInt(digits, hex ? 16 : 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      out += String.fromCodePoint(code);
    } else {
      const ch = PREDEFINED[ref];
      if (ch === undefined) return undefined;
      out += ch;
    }
    i = semi + 1;
  }
  return out;
}
