import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, tsx, run } from './spawn.js';

const check = join(root, 'src', 'cli', 'config-check.ts');

describe('npm run config:check', () => {
  it('prints the effective configuration with every secret masked, and exits 0', async () => {
    const { code, stdout, stderr } = await run(tsx, [check], {
      env: {
        SLACK_BOT_TOKEN: 'xoxb-1-2-CheckSecretBot',
        SLACK_SIGNING_SECRET: 'CheckSecretSigning',
        SLACK_MODE: 'http',
        DISCORD_TOKEN: 'CheckSecretDiscord.a.b',
        HEALTH_PORT: '8080',
      },
    });
    expect(code).toBe(0);
    expect(stdout + stderr).not.toMatch(/CheckSecret/);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      storiesPerBriefing: 5,
      healthPort: 8080,
      slack: { botToken: 'xoxb-****', signingSecret: '****', mode: 'http', port: 3000 },
      discord: { token: '****' },
    });
    expect(stderr).toMatch(/config OK: slack \+ discord/);
  });

  it('exits 2 with the one-line problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-check-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ digests: [{ channel: 'slack:C1', at: '25:00' }] }));
    const { code, stdout, stderr } = await run(tsx, [check], { env: { NEWSBRIEF_CONFIG: join(dir, 'c.json') } });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`config: ${join(dir, 'c.json')}: digests.0.at: a time as HH:MM (00:00 to 23:59), got "25:00"`);
  });
});
