/**
 * A small, strict reader for Escene XML files (escene-formats.md §7.2).
 *
 * Why not fast-xml-parser: its parse output carries no source positions, and an
 * administrator needs "line 12, column 5: RefreshTime 99999999 is out of range" -
 * which needs the position of every element and attribute. The Escene format is
 * two levels of elements with attributes only, so a reader for it is short. Tests
 * cross-check it against fast-xml-parser's validator.
 *
 * Tolerant where the real files vary: an optional `<?xml ...?>` declaration (minidom
 * adds one, the templates have none), a UTF-8 BOM, comments, processing
 * instructions, any whitespace, ' or " quotes, entity and character references.
 * Strict on XML 1.0 well-formedness, the root <all>, no text content, no DOCTYPE
 * (no entity declarations to expand), and the depth/count/size limits.
 */
import { TextDecoder } from 'node:util';
import { type EsceneAttr, type EsceneDoc, type EsceneSection } from './escene-doc.js';
import { type EsceneIssue, type EsceneIssueCode, type EsceneLimits, type SourcePos, esceneIssue } from './escene-issue.js';

export type ReadResult = { ok: true; doc: EsceneDoc } | { ok: false; error: EsceneIssue };

export interface ReadOptions {
  /** File name shown in issues. */
  file: string;
  limits: EsceneLimits;
}

/** <all> is depth 1, containers 2, elements 3. */
const MAX_DEPTH = 3;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class ReadError extends Error {
  constructor(
    readonly code: EsceneIssueCode,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** XML 1.0 §2.2 Char. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export function readEsceneDoc(input: string | Uint8Array, options: ReadOptions): ReadResult {
  const { file, limits } = options;
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (bytes > limits.maxBytes) {
    return {
      ok: false,
      error: esceneIssue('CFG_XML_TOO_LARGE', file, '', undefined, `file is ${bytes} bytes; the limit for this file is ${limits.maxBytes} bytes`),
    };
  }
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
      return { ok: false, error: esceneIssue('CFG_XML_NOT_XML', file, '', undefined, 'file is UTF-16; Escene files are UTF-8') };
    }
    const start = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
    const declared = start === 0 ? declaredEncoding(input) : 'utf-8';
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared, { fatal: true });
    } catch {
      return { ok: false, error: esceneIssue('CFG_XML_NOT_XML', file, '', { line: 1, column: 1 }, `encoding "${declared}" is not supported; use UTF-8`) };
    }
    if (decoder.encoding.startsWith('utf-16')) {
      return { ok: false, error: esceneIssue('CFG_XML_NOT_XML', file, '', { line: 1, column: 1 }, 'file declares UTF-16 but is read as bytes of an 8-bit encoding; use UTF-8') };
    }
    try {
      text = decoder.decode(input.subarray(start));
    } catch {
      return { ok: false, error: esceneIssue('CFG_XML_NOT_XML', file, '', undefined, `file is not valid ${decoder.encoding === 'utf-8' ? 'UTF-8' : declared}`) };
    }
  }
  const reader = new Reader(text, limits);
  try {
    return { ok: true, doc: reader.read() };
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    return { ok: false, error: esceneIssue(err.code, file, '', reader.posAt(err.offset), err.reason) };
  }
}

/**
 * The `encoding` of an XML declaration at the very start, else UTF-8 (XML 1.0 §4.3.3).
 * The vendor is Chinese and the LCD shows Chinese: a PBX may serve a GB2312/GBK
 * phonebook with a matching declaration; Node's TextDecoder reads those. Output is
 * always UTF-8 without a declaration.
 */
function declaredEncoding(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const m = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return m ? m[1]!.toLowerCase() : 'utf-8';
}

class Reader {
  private i = 0;
  private elements = 0;
  private lineStarts: number[] | undefined;
  private readonly sections: EsceneSection[] = [];

  constructor(
    private readonly text: string,
    private readonly limits: EsceneLimits,
  ) {}

  posAt(offset: number): SourcePos {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let k = 0; k < this.text.length; k++) if (this.text.charCodeAt(k) === 0x0a) this.lineStarts.push(k + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  read(): EsceneDoc {
    this.skipSpace();
    if (this.i >= this.text.length) throw new ReadError('CFG_XML_NOT_XML', 0, 'file is empty');
    if (this.text.charCodeAt(this.i) !== 0x3c) {
      throw new ReadError('CFG_XML_NOT_XML', this.i, "file does not start with '<' (not XML, or encrypted)");
    }
    this.skipMisc();
    if (this.i >= this.text.length) throw new ReadError('CFG_XML_NOT_XML', this.i, 'no root element');
    if (!this.text.startsWith('<', this.i) || !isNameStart(this.text.charCodeAt(this.i + 1))) {
      throw new ReadError('CFG_XML_NOT_XML', this.i, 'expected the root element <all>');
    }
    const rootAt = this.i;
    const root = this.startTag();
    if (root.name !== 'all') throw new ReadError('CFG_XML_WRONG_ROOT', rootAt, `root element is <${root.name}>, expected <all>`);
    if (root.attrs.length > 0) throw new ReadError('CFG_XML_NOT_XML', rootAt, '<all> has attributes; Escene files have none there');
    if (!root.selfClosing) this.content();
    this.skipMisc();
    if (this.i < this.text.length) throw new ReadError('CFG_XML_NOT_XML', this.i, 'content after </all>');
    return { sections: this.sections };
  }

  /** Everything inside <all>, with an explicit stack (depth is at most 3). */
  private content(): void {
    const open: Array<{ name: string; at: number }> = [{ name: 'all', at: 0 }];
    const text = this.text;
    while (open.length > 0) {
      if (this.i >= text.length) {
        const top = open[open.length - 1]!;
        throw new ReadError('CFG_XML_NOT_XML', top.at, `<${top.name}> is never closed`);
      }
      if (text.charCodeAt(this.i) !== 0x3c) {
        this.textRun();
        continue;
      }
      if (text.startsWith('<!--', this.i)) this.skipComment();
      else if (text.startsWith('<![CDATA[', this.i)) this.cdata();
      else if (text.startsWith('<?', this.i)) this.skipPi();
      else if (text.startsWith('<!', this.i)) throw new ReadError('CFG_XML_NOT_XML', this.i, 'markup declarations are not allowed here');
      else if (text.startsWith('</', this.i)) {
        const at = this.i;
        this.i += 2;
        const name = this.name();
        this.skipSpace();
        if (text.charCodeAt(this.i) !== 0x3e) throw new ReadError('CFG_XML_NOT_XML', this.i, `'>' expected to end </${name}`);
        this.i++;
        const top = open.pop()!;
        if (top.name !== name) throw new ReadError('CFG_XML_NOT_XML', at, `</${name}> does not close <${top.name}> (opened at line ${this.posAt(top.at).line})`);
      } else {
        const at = this.i;
        const depth = open.length + 1;
        const tag = this.startTag();
        if (depth > MAX_DEPTH) {
          throw new ReadError('CFG_XML_TOO_DEEP', at, `<${tag.name}> inside <${open[open.length - 1]!.name}>: Escene files hold only <all>, containers and elements`);
        }
        if (++this.elements > this.limits.maxElements) {
          throw new ReadError('CFG_XML_TOO_MANY', at, `more than ${this.limits.maxElements} elements`);
        }
        const pos = this.posAt(at);
        if (depth === 2) {
          this.sections.push({ container: tag.name, attrs: tag.attrs, items: [], pos });
        } else {
          this.sections[this.sections.length - 1]!.items.push({ tag: tag.name, attrs: tag.attrs, pos });
        }
        if (!tag.selfClosing) open.push({ name: tag.name, at });
      }
    }
  }

  private textRun(): void {
    const end = this.text.indexOf('<', this.i);
    const stop = end < 0 ? this.text.length : end;
    for (let k = this.i; k < stop; k++) {
      if (!isSpace(this.text.charCodeAt(k))) {
        throw new ReadError('CFG_XML_TEXT', k, 'text content; Escene files carry settings only in attributes');
      }
    }
    this.i = stop;
  }

  private cdata(): void {
    const start = this.i + 9;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) throw new ReadError('CFG_XML_NOT_XML', this.i, 'CDATA section is never closed');
    for (let k = start; k < end; k++) {
      if (!isSpace(this.text.charCodeAt(k))) throw new ReadError('CFG_XML_TEXT', k, 'text content (CDATA); Escene files carry settings only in attributes');
    }
    this.i = end + 3;
  }

  private startTag(): { name: string; attrs: EsceneAttr[]; selfClosing: boolean } {
    const text = this.text;
    this.i++; // '<'
    const name = this.name();
    const attrs: EsceneAttr[] = [];
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = text.charCodeAt(this.i);
      if (c === 0x2f && text.charCodeAt(this.i + 1) === 0x3e) {
        this.i += 2;
        return { name, attrs, selfClosing: true };
      }
      if (c === 0x3e) {
        this.i++;
        return { name, attrs, selfClosing: false };
      }
      if (this.i >= text.length) throw new ReadError('CFG_XML_NOT_XML', this.i, `<${name}> is cut short`);
      if (!hadSpace) throw new ReadError('CFG_XML_NOT_XML', this.i, `whitespace expected before the next attribute of <${name}>`);
      const at = this.i;
      const attrName = this.name();
      this.skipSpace();
      if (text.charCodeAt(this.i) !== 0x3d) throw new ReadError('CFG_XML_NOT_XML', this.i, `'=' expected after attribute ${attrName}`);
      this.i++;
      this.skipSpace();
      const value = this.attrValue(attrName);
      if (attrs.some((a) => a.name === attrName)) throw new ReadError('CFG_XML_NOT_XML', at, `attribute ${attrName} appears twice on <${name}>`);
      if (attrs.length >= this.limits.maxAttributes) throw new ReadError('CFG_XML_TOO_MANY', at, `more than ${this.limits.maxAttributes} attributes on <${name}>`);
      attrs.push({ name: attrName, value, pos: this.posAt(at) });
    }
  }

  /** A quoted value, references decoded, whitespace normalised (XML 1.0 §3.3.3). */
  private attrValue(attrName: string): string {
    const text = this.text;
    const quote = text.charCodeAt(this.i);
    if (quote !== 0x22 && quote !== 0x27) throw new ReadError('CFG_XML_NOT_XML', this.i, `value of ${attrName} is not quoted`);
    this.i++;
    let out = '';
    let runStart = this.i;
    for (;;) {
      if (this.i >= text.length) throw new ReadError('CFG_XML_NOT_XML', runStart, `value of ${attrName} is never closed`);
      const c = text.charCodeAt(this.i);
      if (c === quote) break;
      if (c === 0x3c) throw new ReadError('CFG_XML_NOT_XML', this.i, `'<' inside the value of ${attrName} (write &lt;)`);
      if (c === 0x26 || c === 0x09 || c === 0x0a || c === 0x0d) {
        out += text.slice(runStart, this.i);
        if (c === 0x26) {
          out += this.reference();
        } else {
          out += ' ';
          this.i += c === 0x0d && text.charCodeAt(this.i + 1) === 0x0a ? 2 : 1;
        }
        runStart = this.i;
        continue;
      }
      if (c < 0x20 || c === 0xfffe || c === 0xffff) throw new ReadError('CFG_XML_NOT_XML', this.i, `control character in the value of ${attrName}`);
      this.i++;
    }
    out += text.slice(runStart, this.i);
    this.i++;
    return out;
  }

  private reference(): string {
    const at = this.i;
    const end = this.text.indexOf(';', at);
    if (end < 0 || end - at > 12) throw new ReadError('CFG_XML_NOT_XML', at, "'&' that starts no reference (write &amp;)");
    const body = this.text.slice(at + 1, end);
    this.i = end + 1;
    if (body.startsWith('#')) {
      const cp = /^#x[0-9a-fA-F]+$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
      if (!isXmlChar(cp)) throw new ReadError('CFG_XML_NOT_XML', at, `&${body}; is not an XML character`);
      return String.fromCodePoint(cp);
    }
    const ch = PREDEFINED[body];
    if (ch === undefined) throw new ReadError('CFG_XML_NOT_XML', at, `unknown entity &${body}; (only &amp; &lt; &gt; &quot; &apos; and &#...;)`);
    return ch;
  }

  private name(): string {
    const start = this.i;
    if (!isNameStart(this.text.charCodeAt(start))) throw new ReadError('CFG_XML_NOT_XML', start, 'a name was expected');
    let k = start + 1;
    while (k < this.text.length && isNameChar(this.text.charCodeAt(k))) k++;
    this.i = k;
    return this.text.slice(start, k);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.text.length && isSpace(this.text.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  /** Whitespace, comments and processing instructions between top-level markup. */
  private skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('<!--', this.i)) this.skipComment();
      else if (this.text.startsWith('<?', this.i)) this.skipPi();
      else if (this.text.startsWith('<!DOCTYPE', this.i)) throw new ReadError('CFG_XML_NOT_XML', this.i, 'DOCTYPE is not accepted in Escene files');
      else return;
    }
  }

  private skipComment(): void {
    const end = this.text.indexOf('-->', this.i + 4);
    if (end < 0) throw new ReadError('CFG_XML_NOT_XML', this.i, 'comment is never closed');
    this.i = end + 3;
  }

  private skipPi(): void {
    const end = this.text.indexOf('?>', this.i + 2);
    if (end < 0) throw new ReadError('CFG_XML_NOT_XML', this.i, 'processing instruction is never closed');
    this.i = end + 2;
  }
}
