/**
 * What goes wrong with an Escene XML file, as a value (STYLE.md "Errors": a bad
 * provisioning file is an expected outcome, not an exception). Every issue names the
 * file, the place inside it and, when the reader knows it, the line and column, so a
 * PBX administrator can fix the template that rendered it.
 */
export type EsceneIssueCode =
  /** Not well-formed XML (or not UTF-8, or empty, or encrypted/foreign bytes). */
  | 'CFG_XML_NOT_XML'
  /** The root element is not <all> (escene-formats.md §3.1). */
  | 'CFG_XML_WRONG_ROOT'
  /** Text between elements: Escene files carry settings only in attributes. */
  | 'CFG_XML_TEXT'
  /** Bigger than the limit for this kind of file. */
  | 'CFG_XML_TOO_LARGE'
  /** Nested deeper than <all> / container / element. */
  | 'CFG_XML_TOO_DEEP'
  /** More elements (or attributes on one element) than the limit. */
  | 'CFG_XML_TOO_MANY'
  /** The same row (or singleton) twice, so which one wins would be a guess. */
  | 'CFG_XML_DUPLICATE'
  /** A row of a list without a usable id. */
  | 'CFG_XML_ID'
  /** A value the phone cannot use (out of range, not in the code table...). */
  | 'CFG_XML_VALUE'
  /** More contacts/groups than the phone stores (manual: 300 personal, 800 enterprise). */
  | 'CFG_XML_LIMIT'
  /** Warning only: a part the phone does not use; kept and written back unchanged. */
  | 'CFG_XML_UNKNOWN';

export interface EsceneIssue {
  code: EsceneIssueCode;
  /** The file name the caller gave ('001122334455.xml', '1001_Extern.xml'...). */
  file: string;
  /** Path inside the file: 'sipUsers/sipUser[id=0]@RefreshTime'; '' for the whole file. */
  where: string;
  /** 1-based; 0 when the issue has no single place (a size limit, a count). */
  line: number;
  column: number;
  reason: string;
}

/** Position of something in the source text, 1-based. */
export interface SourcePos {
  line: number;
  column: number;
}

/** One line a person can read: `1001_Extern.xml:4:17: hotlines/hotline[id=3]@Type: ...`. */
export function formatEsceneIssue(issue: EsceneIssue): string {
  const at = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.where ? `${at}: ${issue.where}: ${issue.reason}` : `${at}: ${issue.reason}`;
}

export function esceneIssue(
  code: EsceneIssueCode,
  file: string,
  where: string,
  pos: SourcePos | undefined,
  reason: string,
): EsceneIssue {
  return { code, file, where, line: pos?.line ?? 0, column: pos?.column ?? 0, reason };
}

/**
 * Limits of the reader. The real phone has a few MB of flash; a config file is a few
 * KB (about 40 elements), an Extern file about 250 elements, a phonebook at most 800
 * rows. The limits are far above that and far below what would hurt the process.
 */
export interface EsceneLimits {
  /** Bytes of the file (after nothing is decoded). */
  maxBytes: number;
  /** Elements in the whole document, containers included. */
  maxElements: number;
  /** Attributes on one element. */
  maxAttributes: number;
}

export const CONFIG_FILE_LIMITS: EsceneLimits = { maxBytes: 1024 * 1024, maxElements: 10_000, maxAttributes: 1000 };
export const KEYS_FILE_LIMITS: EsceneLimits = { maxBytes: 1024 * 1024, maxElements: 10_000, maxAttributes: 1000 };
export const PHONEBOOK_FILE_LIMITS: EsceneLimits = { maxBytes: 4 * 1024 * 1024, maxElements: 20_000, maxAttributes: 1000 };
