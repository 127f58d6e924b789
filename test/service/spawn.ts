import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const tsx = join(root, 'node_modules', '.bin', 'tsx');

export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines from stderr so far (non-JSON lines are skipped). */
  logs(): { msg: string; [k: string]: unknown }[];
  /** Resolves once `check` passes on the output, or rejects after `timeoutMs` with what was seen. */
  until<T>(check: (r: Running) => T | undefined | false, timeoutMs?: number): Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command with only the environment given (plus PATH and HOME), as a deployment would. */
export function start(command: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Running {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env };
  const child = spawn(command, args, { cwd: opts.cwd ?? root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const running: Running = {
    child,
    stdout: () => out,
    stderr: () => err,
    logs: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as { msg: string }];
          } catch {
            return [];
          }
        }),
    async until(check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = check(running);
        if (v) return v;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`gave up waiting (exit ${child.exitCode}); stdout:\n${out.slice(-2000)}\nstderr:\n${err.slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exited,
  };
  return running;
}

/** Runs to completion with this stdin. */
export async function run(command: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; stdin?: string } = {}) {
  const r = start(command, args, opts);
  r.child.stdin.end(opts.stdin ?? '');
  const { code } = await r.exited;
  return { code, stdout: r.stdout(), stderr: r.stderr() };
}
