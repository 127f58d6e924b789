import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.js';

/**
 * The real bot as `npm start` runs it: `node --import tsx src/main.ts` (node itself, so signals
 * reach newsbrief and not a launcher), with only the environment given.
 */

export const MAIN = join(ROOT, 'src', 'main.ts');

export interface LogLine {
  msg: string;
  time?: number;
  [k: string]: unknown;
}

export interface Bot {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  logs(): LogLine[];
  /** Waits for a log line; rejects with the output so far when it does not come, or the bot exits. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine>;
  /** SIGTERM, then the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startBot(env: Record<string, string>): Bot {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const logs = (): LogLine[] =>
    err.split('\n').flatMap((l) => {
      if (!l.startsWith('{')) return [];
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
  const bot: Bot = {
    child,
    output: () => `stdout:\n${out.slice(-2000)}\nstderr:\n${err.slice(-4000)}`,
    logs,
    async waitForLog(match, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs().find(match);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`${what}: not seen within ${timeoutMs} ms (exit ${child.exitCode})\n${bot.output()}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
    exited,
  };
  return bot;
}
