/**
 * Escene XML reader and writer (src/config/escene/escene-doc.ts, escene-reader.ts) — proves:
 *  - the two-level model keeps containers, elements and attributes in file order, with
 *    the line/column of each element and attribute;
 *  - tolerant where real files vary: XML declaration, UTF-8 BOM (text and bytes), CRLF,
 *    bytes in the encoding the declaration names (GB2312/GBK phonebooks),
 *    comments, processing instructions, single quotes, entity and character references;
 *    attribute lookup is case-insensitive but prefers the exact name (hotline id vs ID);
 *  - strict elsewhere, each with a line/column: not XML, wrong root, text content, CDATA
 *    text, nesting deeper than 3, too many elements/attributes, too large (string and
 *    bytes), duplicate attribute, mismatched or unclosed tag, bare '&', unknown entity,
 *    '<' in a value, DOCTYPE, UTF-16, invalid UTF-8, content after </all>;
 *  - every malformed sample fast-xml-parser's validator rejects, this reader rejects too
 *    (it is stricter: the validator lets '&' and '<' through in attribute values);
 *  - the writer is deterministic (no declaration, double quotes, one element per line),
 *    escapes & < > " and tab/CR/LF so 300 random documents with hostile values read back
 *    identical, its output passes fast-xml-parser's validator, and a control character
 *    XML cannot carry throws CFG_XML_UNWRITABLE;
 *  - a phonebook-sized document right under the 4 MiB limit reads completely.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  type EsceneDoc,
  type EsceneLimits,
  CONFIG_FILE_LIMITS,
  PHONEBOOK_FILE_LIMITS,
  attrValue,
  cloneDoc,
  findAttr,
  formatEsceneIssue,
  readEsceneDoc,
  writeEsceneDoc,
} from '../../../src/config/index.js';

const read = (text: string | Uint8Array, limits: EsceneLimits = CONFIG_FILE_LIMITS) => readEsceneDoc(text, { file: 't.xml', limits });

function readOk(text: string | Uint8Array): EsceneDoc {
  const r = read(text);
  if (!r.ok) throw new Error(formatEsceneIssue(r.error));
  return r.doc;
}

function readErr(text: string | Uint8Array, limits?: EsceneLimits) {
  const r = read(text, limits);
  if (r.ok) throw new Error(`accepted: ${typeof text === 'string' ? text.slice(0, 80) : 'bytes'}`);
  return r.error;
}

describe('reading', () => {
  it('keeps order and positions', () => {
    const doc = readOk('<all>\n  <sipUsers>\n    <sipUser id="1" B="2" a="3"/>\n    <sipUser id="0"/>\n  </sipUsers>\n  <Privisions><privision Freqency="168"/></Privisions>\n</all>\n');
    expect(doc.sections.map((s) => s.container)).toEqual(['sipUsers', 'Privisions']);
    const [first, second] = doc.sections[0]!.items;
    expect(first!.attrs.map((a) => `${a.name}=${a.value}`)).toEqual(['id=1', 'B=2', 'a=3']);
    expect(second!.attrs).toHaveLength(1);
    expect(first!.pos).toEqual({ line: 3, column: 5 });
    expect(first!.attrs[1]!.pos).toEqual({ line: 3, column: 21 });
    expect(doc.sections[1]!.pos).toEqual({ line: 6, column: 3 });
  });

  it('accepts a declaration, a BOM (text or bytes), CRLF, comments and PIs', () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- c --><?app x?>\r\n<all><!-- in --><a><?pi?><b x=\'1\'/></a></all>\r\n<!-- tail -->\r\n';
    for (const input of ['\uFEFF' + body, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])]) {
      const doc = readOk(input);
      expect(doc.sections[0]!.items[0]!.attrs[0]).toMatchObject({ name: 'x', value: '1', pos: { line: 3 } });
    }
    expect(readOk('<all/>').sections).toEqual([]);
  });

  it('decodes references and normalises literal whitespace in values (XML 1.0 §3.3.3)', () => {
    const doc = readOk('<all><a><b v="&amp;&lt;&gt;&quot;&apos;&#252;&#x41;&#10;x" w="a\tb\r\nc"/></a></all>');
    const attrs = doc.sections[0]!.items[0]!.attrs;
    expect(attrs[0]!.value).toBe('&<>"\'üA\nx');
    expect(attrs[1]!.value).toBe('a b c');
  });

  it('decodes bytes in the encoding a declaration names (a GB2312 phonebook)', () => {
    const head = Buffer.from('<?xml version="1.0" encoding="GB2312"?><all><PhoneBooks><book FirstName="');
    const gbk = Buffer.concat([head, Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('"/></PhoneBooks></all>')]);
    expect(readOk(gbk).sections[0]!.items[0]!.attrs[0]!.value).toBe('中文');
    expect(readErr(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><all/>')).reason).toMatch(/not supported/);
    expect(readErr(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><all/>')).reason).toMatch(/UTF-16/);
    // without a declaration the same bytes are not UTF-8
    expect(readErr(gbk.subarray(head.indexOf('<all>'))).reason).toMatch(/not valid UTF-8/);
  });

  it('looks attributes up case-insensitively, exact name first', () => {
    const el = readOk('<all><h><hotline ID="" id="3" Type="1"/></h></all>').sections[0]!.items[0]!;
    expect(attrValue(el.attrs, 'id')).toBe('3');
    expect(attrValue(el.attrs, 'ID')).toBe('');
    expect(attrValue(el.attrs, 'TYPE')).toBe('1');
    expect(findAttr(el.attrs, 'nope')).toBeUndefined();
  });
});

describe('rejecting', () => {
  const cases: Array<[string, string, string, number, number]> = [
    ['not XML', 'server=1.2.3.4', 'CFG_XML_NOT_XML', 1, 1],
    ['empty', '  \n', 'CFG_XML_NOT_XML', 1, 1],
    ['wrong root', '<?xml version="1.0"?>\n<config/>', 'CFG_XML_WRONG_ROOT', 2, 1],
    ['root case', '<ALL></ALL>', 'CFG_XML_WRONG_ROOT', 1, 1],
    ['text', '<all>\n  <a>\n    hello</a></all>', 'CFG_XML_TEXT', 3, 5],
    ['text in element', '<all><a><b>x</b></a></all>', 'CFG_XML_TEXT', 1, 12],
    ['entity as text', '<all><a>&amp;</a></all>', 'CFG_XML_TEXT', 1, 9],
    ['CDATA text', '<all><a><![CDATA[x]]></a></all>', 'CFG_XML_TEXT', 1, 18],
    ['too deep', '<all><a><b>\n<c/></b></a></all>', 'CFG_XML_TOO_DEEP', 2, 1],
    ['duplicate attribute', '<all><a><b x="1" x="2"/></a></all>', 'CFG_XML_NOT_XML', 1, 18],
    ['mismatched tag', '<all><a>\n</b></all>', 'CFG_XML_NOT_XML', 2, 1],
    ['unclosed', '<all>\n<a>\n<b/>', 'CFG_XML_NOT_XML', 2, 1],
    ['bare &', '<all><a><b x="a & b"/></a></all>', 'CFG_XML_NOT_XML', 1, 17],
    ['unknown entity', '<all><a><b x="&nbsp;"/></a></all>', 'CFG_XML_NOT_XML', 1, 15],
    ['< in value', '<all><a><b x="<"/></a></all>', 'CFG_XML_NOT_XML', 1, 15],
    ['bad char ref', '<all><a><b x="&#1;"/></a></all>', 'CFG_XML_NOT_XML', 1, 15],
    ['unquoted', '<all><a><b x=1/></a></all>', 'CFG_XML_NOT_XML', 1, 14],
    ['no space between attributes', '<all><a><b x="1"y="2"/></a></all>', 'CFG_XML_NOT_XML', 1, 17],
    ['DOCTYPE', '<!DOCTYPE all [<!ENTITY x "y">]><all/>', 'CFG_XML_NOT_XML', 1, 1],
    ['after root', '<all/>\n<all/>', 'CFG_XML_NOT_XML', 2, 1],
    ['comment never closed', '<all><!-- x </all>', 'CFG_XML_NOT_XML', 1, 6],
    ['attributes on all', '<all x="1"/>', 'CFG_XML_NOT_XML', 1, 1],
    ['cut short', '<all><a><b x="1"', 'CFG_XML_NOT_XML', 1, 17],
  ];
  it.each(cases)('%s', (_name, text, code, line, column) => {
    const e = readErr(text);
    expect({ code: e.code, line: e.line, column: e.column }).toEqual({ code, line, column });
    expect(e.file).toBe('t.xml');
    expect(e.reason.length).toBeGreaterThan(5);
  });

  it('rejects what fast-xml-parser rejects (it is the laxer one)', () => {
    for (const [, text] of cases) {
      if (XMLValidator.validate(text) !== true) expect(read(text).ok).toBe(false);
    }
    // and the validator accepts some of ours (a proof the cross-check can disagree)
    expect(XMLValidator.validate('<all><a><b x="a & b"/></a></all>')).toBe(true);
  });

  it('enforces size, element and attribute limits', () => {
    const small: EsceneLimits = { maxBytes: 100, maxElements: 3, maxAttributes: 2 };
    const big = `<all>${' '.repeat(200)}</all>`;
    expect(readErr(big, small)).toMatchObject({ code: 'CFG_XML_TOO_LARGE', line: 0 });
    expect(readErr(Buffer.from(big), small).code).toBe('CFG_XML_TOO_LARGE');
    expect(readErr('<all><a><b/><b/>\n<b/></a></all>', small)).toMatchObject({ code: 'CFG_XML_TOO_MANY', line: 2, column: 1 });
    expect(readErr('<all><a><b x="" y="" z=""/></a></all>', small)).toMatchObject({ code: 'CFG_XML_TOO_MANY', column: 22 });
    expect(CONFIG_FILE_LIMITS.maxBytes).toBe(1024 * 1024);
    expect(PHONEBOOK_FILE_LIMITS.maxBytes).toBe(4 * 1024 * 1024);
    // the size counts UTF-8 bytes, not UTF-16 units
    const wide = `<all><a><b x="${'é'.repeat(45)}"/></a></all>`;
    expect(wide.length).toBeLessThan(100);
    expect(readErr(wide, small).code).toBe('CFG_XML_TOO_LARGE');
  });

  it('rejects UTF-16 and invalid UTF-8 bytes', () => {
    expect(readErr(Buffer.from([0xff, 0xfe, 0x3c, 0x00])).reason).toMatch(/UTF-16/);
    expect(readErr(Buffer.from([0x3c, 0x61, 0xc3, 0x28, 0x3e])).reason).toMatch(/UTF-8/);
  });

  it('formats an issue for people', () => {
    expect(formatEsceneIssue(readErr('<all>\n<a>x</a></all>'))).toMatch(/^t\.xml:2:4: text content/);
  });
});

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('writing', () => {
  it('writes the templates\' shape', () => {
    const doc: EsceneDoc = {
      sections: [
        { container: 'SoftKeys', attrs: [{ name: 'Enable', value: '1' }], items: [{ tag: 'SoftKey', attrs: [{ name: 'id', value: '0' }] }] },
        { container: 'RouteTabs', attrs: [], items: [] },
      ],
    };
    expect(writeEsceneDoc(doc)).toBe('<all>\n  <SoftKeys Enable="1">\n    <SoftKey id="0"/>\n  </SoftKeys>\n  <RouteTabs></RouteTabs>\n</all>\n');
    expect(writeEsceneDoc({ sections: [] })).toBe('<all>\n</all>\n');
  });

  it('escapes so that any value reads back the same (300 random documents)', () => {
    const rand = prng(0x5a1e);
    const alphabet = ['a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', 'é', '中', '😀', ';', '#', '=', '/'];
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const name = (): string => pick(['a', 'B', '_x', 'P-Asserted-Identity', 'Freqency']) + Math.floor(rand() * 50);
    for (let round = 0; round < 300; round++) {
      const doc: EsceneDoc = { sections: [] };
      for (let s = Math.floor(rand() * 4); s > 0; s--) {
        const items = Array.from({ length: Math.floor(rand() * 4) }, () => {
          const names = [...new Set(Array.from({ length: Math.floor(rand() * 5) }, name))];
          return { tag: name(), attrs: names.map((n) => ({ name: n, value: Array.from({ length: Math.floor(rand() * 8) }, () => pick(alphabet)).join('') })) };
        });
        doc.sections.push({ container: name(), attrs: [], items });
      }
      const text = writeEsceneDoc(doc);
      expect(XMLValidator.validate(text)).toBe(true);
      expect(cloneDoc(readOk(text))).toEqual(doc);
      expect(writeEsceneDoc(readOk(text))).toBe(text);
    }
  });

  it('refuses a value XML cannot carry', () => {
    const doc: EsceneDoc = { sections: [{ container: 'a', attrs: [], items: [{ tag: 'b', attrs: [{ name: 'x', value: 'bell\u0007' }] }] }] };
    expect(() => writeEsceneDoc(doc)).toThrow(expect.objectContaining({ code: 'CFG_XML_UNWRITABLE' }));
  });
});

describe('size', () => {
  it('reads a document right under the 4 MiB phonebook limit', () => {
    const row = '    <book id="1" Bookid="1" speedid="0" accountid="127" NewVer="1" ISUseBLF="0" GroupName="Sales" FirstName="Ann &amp; Bo" OfficeNum="2001"/>\n';
    const rows = Math.floor((PHONEBOOK_FILE_LIMITS.maxBytes - 100) / row.length);
    const text = `<all>\n  <PhoneBooks>\n${row.repeat(rows)}  </PhoneBooks>\n</all>\n`;
    const r = readEsceneDoc(text, { file: 'big.xml', limits: { ...PHONEBOOK_FILE_LIMITS, maxElements: 100_000 } });
    expect(r.ok && r.doc.sections[0]!.items.length).toBe(rows);
  });
});
