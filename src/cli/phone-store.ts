import { readFileSync } from 'node:fs';
import { SayhiError } from '../base/index.js';
import { PhoneSettings, formatEsceneIssue, type EsceneIssue } from '../config/index.js';
import type { PhoneModel } from '../phone/index.js';
import { OptionError, StartError } from './start-options.js';

/**
 * Opening a data directory's settings for the `sayhi` commands, and reading the
 * files they are given, with failures as the one-line errors the CLI prints.
 */
export async function openPhoneStore(dataDir: string, model: PhoneModel): Promise<PhoneSettings> {
  try {
    return await PhoneSettings.open({ dataDir, model });
  } catch (err) {
    // a damaged, newer or locked database: say which file and what to do, in one line
    if (err instanceof SayhiError) throw new StartError(err.message, { cause: err });
    throw err;
  }
}

/** A file named on the command line, as bytes; a missing or unreadable one is a usage error (exit 2). */
export function readInputFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OptionError(code === 'ENOENT' ? `no such file "${path}"` : `cannot read "${path}" (${code ?? String(err)})`);
  }
}

/** A refused Escene file in one line: the first problem with file:line:column, and how many more there are. */
export function describeIssues(issues: readonly EsceneIssue[]): string {
  const first = issues[0];
  if (!first) return 'the file was refused';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${formatEsceneIssue(first)}${more}; nothing was applied`;
}
