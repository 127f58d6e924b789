import { describe, it, expect, beforeAll, vi } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests run as root, which may write anywhere: make one folder refuse writes the way the kernel
// refuses a normal user (the Docker image runs as "node").
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const accessSync = (p: Parameters<typeof real.accessSync>[0], mode?: number): void => {
    if (String(p).includes('readonly-folder') && mode !== undefined && (mode & real.constants.W_OK) !== 0) {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    }
    real.accessSync(p, mode);
  };
  return { ...real, default: { ...real, accessSync }, accessSync };
});

const { loadConfig, ConfigError, TIMER_MAX_MS } = await import('../src/config.js');

let dir: string;
let seeds: string;

function withFile(content: unknown, extra: Record<string, string> = {}): Record<string, string> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return { NEWSBRIEF_CONFIG: path, NEWSBRIEF_SEEDS_DIR: seeds, NEWSBRIEF_DB: join(dir, 'data', 'nb.db'), ...extra };
}

function errorOf(env: Record<string, string>): InstanceType<typeof ConfigError> {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'newsbrief-config-hostile-'));
  seeds = join(dir, 'seeds');
  mkdirSync(seeds);
});

describe('one validation for config:check and start-up', () => {
  it('refuses a cron with seconds the scheduler cannot run, naming the digest', () => {
    const err = errorOf(withFile({ digests: [{ channel: 'slack:C1', cron: '30 0 8 * * *' }] }));
    expect(err.key).toMatch(/digests\.0\.cron$/);
    expect(err.message).toMatch(/whole minutes/);
  });

  it('still accepts a cron whose seconds are 0', () => {
    expect(loadConfig(withFile({ digests: [{ channel: 'slack:C1', cron: '0 0 8 * * *' }] })).digests).toHaveLength(1);
  });

  it(`bounds shutdownGraceMs at the timer maximum (${TIMER_MAX_MS} ms)`, () => {
    expect(errorOf(withFile({ shutdownGraceMs: TIMER_MAX_MS + 1 })).message).toMatch(/shutdownGraceMs: at most 2147483647/);
    expect(loadConfig(withFile({ shutdownGraceMs: TIMER_MAX_MS })).shutdownGraceMs).toBe(TIMER_MAX_MS);
  });

  it('accepts a config file saved with a UTF-8 byte order mark', () => {
    expect(loadConfig(withFile(`\uFEFF${JSON.stringify({ storiesPerBriefing: 3 })}`)).storiesPerBriefing).toBe(3);
  });
});

describe('NEWSBRIEF_DB', () => {
  it('names the variable, the path and the problem for a folder that cannot be written', () => {
    mkdirSync(join(dir, 'readonly-folder'), { recursive: true });
    const db = join(dir, 'readonly-folder', 'nb.db');
    const err = errorOf(withFile({}, { NEWSBRIEF_DB: db }));
    expect(err.key).toBe('NEWSBRIEF_DB');
    expect(err.message).toContain(join(dir, 'readonly-folder'));
    expect(err.message).toMatch(/not writable/);
    expect(err.message).not.toMatch(/readonly database/);
  });

  it('refuses a folder given as the database file', () => {
    const err = errorOf(withFile({}, { NEWSBRIEF_DB: seeds }));
    expect(err.message).toBe(`config: NEWSBRIEF_DB: a SQLite file this user can write, but ${seeds} is a folder, not a database file`);
  });

  it('refuses a file that is not a SQLite database', () => {
    const db = join(dir, 'notes.db');
    writeFileSync(db, 'these are my notes, not a database');
    expect(errorOf(withFile({}, { NEWSBRIEF_DB: db })).message).toMatch(/notes\.db is not a SQLite database$/);
  });

  it('refuses a path under a file', () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    expect(errorOf(withFile({}, { NEWSBRIEF_DB: join(file, 'data', 'nb.db') })).message).toMatch(/plain\.txt is a file, so .* cannot be made inside it/);
  });

  it('accepts a path whose folders do not exist yet (they are created)', () => {
    expect(loadConfig(withFile({}, { NEWSBRIEF_DB: join(dir, 'new', 'deeper', 'nb.db') })).dbPath).toBe(join(dir, 'new', 'deeper', 'nb.db'));
  });
});
