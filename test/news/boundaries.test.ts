import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../src/news/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('the core', () => {
  it('imports no platform SDK, scheduler or database', () => {
    const forbidden = /from '(@slack\/|discord\.js|node-cron|better-sqlite3|\.\.\/(chat|store|schedule|commands)\/)/;
    for (const f of files) expect(`${f}: ${readFileSync(new URL(f, dir), 'utf8').match(forbidden)?.[0] ?? ''}`).toBe(`${f}: `);
  });

  it('never reads process.env', () => {
    for (const f of files) expect(readFileSync(new URL(f, dir), 'utf8').includes('process.env'), f).toBe(false);
  });
});
