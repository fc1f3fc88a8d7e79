/**
 * Short-lived helper programs (openssl, sox, kamcmd): run to completion with a time
 * limit and collect their output. Long-running peers go through processes.ts.
 */
import { execFile } from 'node:child_process';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Resolves with the exit code and output; rejects only if the program cannot run or times out. */
export function runTool(command: string, args: readonly string[], timeoutMs = 10_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${command} is not installed (scripts/install-debs.sh installs the lab's packages)`));
        return;
      }
      if (err && err.killed) {
        reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms`));
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Like runTool, but a non-zero exit is an error carrying the program's stderr. */
export async function runToolOk(command: string, args: readonly string[], timeoutMs = 10_000): Promise<ToolResult> {
  const result = await runTool(command, args, timeoutMs);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return result;
}
