import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { root, tsx, run, start } from './spawn.js';

const main = join(root, 'src', 'main.ts');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'newsbrief-svc-'));
}

describe('start-up with a bad configuration', () => {
  it('stops with one line naming an unknown config key, and exit code 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'newsbrief.json'), JSON.stringify({ storiesPerBriefing: 3, replyVisiblity: 'private' }));
    const { code, stdout, stderr } = await run(tsx, [main], {
      env: { NEWSBRIEF_CONFIG: join(dir, 'newsbrief.json'), NEWSBRIEF_DB: join(dir, 'nb.db') },
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      `config: ${join(dir, 'newsbrief.json')}: replyVisiblity: not a known setting (did you mean "replyVisibility"?)`,
    ]);
    expect(existsSync(join(dir, 'nb.db'))).toBe(false);
  });

  it('reads .env from the working folder and stops a half-configured Slack without echoing the token', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'config'));
    mkdirSync(join(dir, 'seeds'));
    writeFileSync(join(dir, 'config', 'newsbrief.json'), '{}');
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-999-888-HalfConfiguredSecret\nLOG_LEVEL=debug\n');
    const { code, stderr } = await run(tsx, [main], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('config: SLACK_APP_TOKEN: an app-level token (xapp-…) for Socket Mode, or SLACK_MODE=http');
    expect(stderr).not.toContain('HalfConfiguredSecret');
  });
});

const VALENCIA = `Floods sweep through Valencia

Torrential rain flooded the streets of Valencia on Tuesday, and emergency services rescued hundreds of residents from their homes.
The regional government of Valencia declared an emergency and asked residents to stay indoors while the floods continue.
Meteorologists said the storm over Valencia was the worst in decades.
`;

describe('the console app as a service', () => {
  it('serves /healthz, takes new and deleted seeds live, and on SIGTERM finishes, closes the database and exits 0', async () => {
    const dir = tempDir();
    const seeds = join(dir, 'seeds');
    cpSync(join(root, 'seeds'), seeds, { recursive: true });
    const db = join(dir, 'data', 'nb.db');
    const app = start(tsx, [main], {
      env: { NEWSBRIEF_SEEDS_DIR: seeds, NEWSBRIEF_DB: db, HEALTH_PORT: '0', LOG_LEVEL: 'info' },
    });
    try {
      const port = await app.until((r) => r.logs().find((l) => l.msg === 'health endpoint listening on /healthz')?.port as number | undefined);
      await app.until((r) => r.logs().some((l) => l.msg === 'watching the seeds folder for changes'));

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const before = (await health.json()) as { documents: number };
      expect(before).toMatchObject({ status: 'ok', adapters: { console: 'up' }, documents: expect.any(Number), lastLoad: { skipped: 0 } });
      expect(before.documents).toBeGreaterThan(0);

      app.child.stdin.write('/brief china\n');
      await app.until((r) => /Blinken/.test(r.stdout()));

      // A new document shows up in briefings without a restart.
      writeFileSync(join(seeds, 'valencia.txt'), VALENCIA);
      await app.until((r) => r.logs().some((l) => l.msg === 'seeds reloaded' && l.added === 1), 10_000);
      const afterAdd = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(afterAdd).toMatchObject({ documents: before.documents + 1, lastLoad: { documents: before.documents + 1 } });
      app.child.stdin.write('/brief valencia\n');
      await app.until((r) => /Briefing: valencia[\s\S]*valencia\.txt/.test(r.stdout()));

      // And a deleted one is gone.
      rmSync(join(seeds, 'valencia.txt'));
      await app.until((r) => r.logs().some((l) => l.msg === 'seeds reloaded' && l.removed === 1), 10_000);
      app.child.stdin.write('/brief valencia\n');
      await app.until((r) => /no news on “valencia”/.test(r.stdout()));

      app.child.kill('SIGTERM');
      const { code } = await app.exited;
      expect(code).toBe(0);
      const msgs = app.logs().map((l) => l.msg);
      expect(msgs).toContain('shutting down');
      expect(msgs.at(-1)).toBe('stopped');
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }

    // Closed cleanly: the write-ahead log was checkpointed into the file, which opens intact.
    expect(!existsSync(`${db}-wal`) || statSync(`${db}-wal`).size === 0).toBe(true);
    const reopened = new Database(db, { readonly: true });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  }, 90_000);
});
