import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, tsx, run, start } from './spawn.js';

const main = join(root, 'src', 'main.ts');
const check = join(root, 'src', 'cli', 'config-check.ts');

/** What `npm start` runs, word by word, with `node` as this node: the signal tests use exactly that. */
function npmStart(): { command: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs ${command}, not node: signals would reach a launcher, not newsbrief`);
  return { command: process.execPath, args };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'newsbrief-signals-'));
}

interface Line {
  msg: string;
  level?: number;
  [k: string]: unknown;
}

function jsonLines(text: string): Line[] {
  return text.split('\n').flatMap((l) => {
    if (!l.startsWith('{')) return [];
    try {
      return [JSON.parse(l) as Line];
    } catch {
      return [];
    }
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('signals on a running console', () => {
  it('Ctrl-C (the terminal\'s SIGINT, then npm\'s copy of it a moment later) stops it once, gracefully', async () => {
    const dir = tempDir();
    // Exactly what npm start runs (node itself, not the tsx launcher, which handles signals in its
    // own way): the two SIGINTs must reach newsbrief as they do when npm runs it.
    const { command, args } = npmStart();
    const app = start(command, args, { env: { NEWSBRIEF_DB: join(dir, 'nb.db') } });
    await app.until((r) => r.logs().some((l) => l.msg === 'digest scheduler started'), 40_000);
    let copySent = false;
    // The copy goes the instant node says it is shutting down, while the stop is under way.
    app.child.stderr.on('data', () => {
      if (!copySent && app.logs().some((l) => l.msg === 'shutting down')) {
        copySent = true;
        app.child.kill('SIGINT');
      }
    });
    app.child.kill('SIGINT');
    const { code } = await app.exited;
    const lines = app.logs() as Line[];
    expect(copySent).toBe(true);
    expect(lines.filter((l) => l.msg === 'shutting down')).toHaveLength(1);
    expect(lines.some((l) => /second signal/.test(l.msg))).toBe(false);
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ code: 0 });
    expect(code).toBe(0);
  }, 90_000);

  it('logs SIGHUP and keeps running until its input ends', async () => {
    const dir = tempDir();
    // Exactly what npm start runs: the signal must reach newsbrief, not a launcher.
    const { command, args } = npmStart();
    const app = start(command, args, { env: { NEWSBRIEF_DB: join(dir, 'nb.db') } });
    await app.until((r) => r.logs().some((l) => l.msg === 'digest scheduler started'), 40_000);
    app.child.kill('SIGHUP');
    await app.until((r) => r.logs().some((l) => /^SIGHUP received/.test(l.msg)));
    app.child.stdin.write('/topics\n');
    await app.until((r) => r.stdout().length > 0);
    app.child.stdin.end();
    const { code } = await app.exited;
    expect(code).toBe(0);
  }, 90_000);

  it('ends quietly when the reader of its output goes away (`npm start | head -1`)', async () => {
    const dir = tempDir();
    const app = start(tsx, [main], { env: { NEWSBRIEF_DB: join(dir, 'nb.db') } });
    app.child.stdin.write('/brief china\n'.repeat(300));
    await app.until((r) => r.stdout().length > 0, 40_000);
    app.child.stdout.destroy();
    const { code } = await app.exited;
    expect(code).toBe(0);
    expect(app.stderr()).not.toMatch(/EPIPE|uncaught/);
    expect(app.logs().filter((l) => (l as Line).level !== undefined && (l as Line).level! >= 50)).toEqual([]);
  }, 90_000);
});

describe('start-up and config:check agree', () => {
  it('both refuse a cron with seconds, with the same line and exit code 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ digests: [{ channel: 'slack:C1', cron: '30 0 8 * * *' }] }));
    const env = { NEWSBRIEF_CONFIG: join(dir, 'c.json'), NEWSBRIEF_DB: join(dir, 'nb.db') };
    const started = await run(tsx, [main], { env });
    const checked = await run(tsx, [check], { env });
    expect(started.code).toBe(2);
    expect(checked.code).toBe(2);
    expect(started.stderr.trim()).toMatch(/^config: .*digests\.0\.cron: .*whole minutes/);
    expect(checked.stderr.trim()).toBe(started.stderr.trim());
  }, 60_000);

  it('accepts a config file with a UTF-8 byte order mark', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), `\uFEFF${JSON.stringify({ storiesPerBriefing: 3 })}`);
    const checked = await run(tsx, [check], { env: { NEWSBRIEF_CONFIG: join(dir, 'c.json'), NEWSBRIEF_DB: join(dir, 'nb.db') } });
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ storiesPerBriefing: 3 });
  }, 60_000);

  it('refuses a database that is not SQLite, naming NEWSBRIEF_DB and the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'nb.db'), 'not a database at all');
    const started = await run(tsx, [main], { env: { NEWSBRIEF_DB: join(dir, 'nb.db') } });
    expect(started.code).toBe(2);
    expect(started.stderr.trim()).toBe(`config: NEWSBRIEF_DB: a SQLite file this user can write, but ${join(dir, 'nb.db')} is not a SQLite database`);
  }, 60_000);

  it('names NEWSBRIEF_DB and the file when SQLite itself refuses it at start', async () => {
    const dir = tempDir();
    // The right header, then garbage: the path checks pass, SQLite does not.
    writeFileSync(join(dir, 'nb.db'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(5000, 7)]));
    const started = await run(tsx, [main], { env: { NEWSBRIEF_DB: join(dir, 'nb.db') } });
    expect(started.code).toBe(1);
    // The store's own open check reads the header past its magic and refuses the file first.
    expect(started.stderr).toContain(`newsbrief failed to start: store: NEWSBRIEF_DB=${join(dir, 'nb.db')}:`);
    expect(started.stderr).toContain('newsbrief left it untouched');
  }, 60_000);
});
