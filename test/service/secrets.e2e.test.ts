import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack } from '../fakes/slack/index.js';
import { startFakeDiscord } from '../fakes/discord/server.js';
import { str } from '../fakes/discord/interactions.js';
import { root, tsx, start } from './spawn.js';

const SLACK_BOT = 'xoxb-4242-4242-LeakCanaryBotToken';
const SLACK_APP = 'xapp-1-A4242-LeakCanaryAppToken';
const DISCORD = 'LeakCanaryDiscordToken.G1x2y3.z';

describe('secrets in a running app', () => {
  it('never writes a token to stdout or stderr, at trace level, through start-up, commands and shutdown', async () => {
    const slack = await startFakeSlack({ botToken: SLACK_BOT, appToken: SLACK_APP });
    const discord = await startFakeDiscord({ token: DISCORD });
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-secrets-'));
    const app = start(tsx, [join(root, 'src', 'main.ts')], {
      env: {
        SLACK_BOT_TOKEN: SLACK_BOT,
        SLACK_APP_TOKEN: SLACK_APP,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: DISCORD,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        NEWSBRIEF_DB: join(dir, 'nb.db'),
        HEALTH_PORT: '0',
        LOG_LEVEL: 'trace',
      },
    });
    try {
      const port = await app.until((r) => r.logs().find((l) => l.msg === 'health endpoint listening on /healthz')?.port as number | undefined);
      await slack.waitForConnection(20_000);
      await discord.waitForReady();
      const up = await pollHealth(port);
      expect(up).toMatchObject({ status: 'ok', adapters: { slack: 'up', discord: 'up' } });

      const sent = slack.sendSlashCommand({ command: '/brief', text: 'china', channel_id: 'C0SECRET' });
      await sent.acked;
      await slack.waitFor(() => slack.responsesFor(sent.responseUrlId).length > 0 || slack.messages.length > 0, 20_000);
      const interaction = discord.sendCommand({ name: 'brief', options: [str('topic', 'china')], channelId: '900000000000000010' });
      await discord.waitForRequest((r) => r.path.includes(interaction.id) || r.path.includes(interaction.token), 20_000);

      app.child.kill('SIGTERM');
      const { code } = await app.exited;
      expect(code).toBe(0);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
      await slack.close();
      await discord.close();
    }
    const output = app.stdout() + app.stderr();
    // Trace level does log request bodies that carried a token: they are there, scrubbed.
    expect(output).toContain('[redacted]');
    expect(app.logs().length).toBeGreaterThan(5);
    for (const secret of [SLACK_BOT, SLACK_APP, DISCORD, 'LeakCanary']) expect(output).not.toContain(secret);
  }, 90_000);
});

async function pollHealth(port: number): Promise<unknown> {
  const deadline = Date.now() + 20_000;
  let last: unknown;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    last = await res.json();
    if (res.status === 200 && JSON.stringify(last).includes('"discord":"up"') && JSON.stringify(last).includes('"slack":"up"')) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}
