import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, tsx, run } from './spawn.js';

const main = join(root, 'src', 'main.ts');

describe('the console with hostile documents', () => {
  it('answers every command and exits 0 with out-of-range dates (1e300, a nanosecond epoch) in a JSON file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-dates-'));
    mkdirSync(join(dir, 'seeds'));
    writeFileSync(
      join(dir, 'seeds', 'dates.json'),
      JSON.stringify([
        { title: 'Harbour reopens after storm', text: 'The harbour reopened on Monday after the storm, officials said.', publishedAt: 1e300 },
        { title: 'Harbour fees rise', text: 'Harbour fees will rise next year, the harbour board said.', publishedAt: 1714550400123456789 },
      ]),
    );
    const { code, stdout, stderr } = await run(tsx, [main], {
      env: { NEWSBRIEF_SEEDS_DIR: join(dir, 'seeds'), NEWSBRIEF_DB: join(dir, 'nb.db') },
      stdin: '/brief harbour\n/brief\n/topics\n/help\n',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Briefing: harbour (2 stories)');
    expect(stdout).toContain('Top stories');
    // The nanosecond epoch is 1 May 2024; 1e300 is no date, so the file's time stands in.
    expect(stdout).toContain('2024-05-01');
    expect(stdout).not.toMatch(/Invalid Date|NaN/);
    expect(stderr).not.toMatch(/RangeError|uncaught/i);
  }, 60_000);
});
