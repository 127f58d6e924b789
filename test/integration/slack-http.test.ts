import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { SlackAdapter } from '../../src/chat/slack/adapter.js';
import { signSlackRequest } from '../fakes/slack/index.js';
import { envFor, startApp, startFakes, tempDir, until, writeConfig } from './harness.js';

/** The whole app with Slack in HTTP mode (SLACK_MODE=http): signed slash-command requests in, answers at the response URL. */

const SIGNING_SECRET = 'int-signing-secret-5f3a9c0b';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let tmp: ReturnType<typeof tempDir>;
let app: App;
let events: string;

beforeAll(async () => {
  fakes = await startFakes();
  tmp = tempDir();
  const configPath = writeConfig(tmp.dir, { watchSeeds: false, shutdownGraceMs: 1000 });
  const env: Record<string, string> = {
    ...envFor({ slack: fakes.slack, dir: tmp.dir, configPath }),
    SLACK_MODE: 'http',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_PORT: '0',
  };
  delete env['SLACK_APP_TOKEN'];
  ({ app } = await startApp(env));
  const slack = app.adapters.find((a) => a.platform === 'slack') as SlackAdapter | undefined;
  events = `http://127.0.0.1:${slack?.httpPort()}/slack/events`;
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fakes?.close();
  tmp?.cleanup();
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(events, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

describe('Slack over signed HTTP requests, through the whole app', () => {
  it('listens on its own port without opening a Socket Mode connection', () => {
    expect(app.adapters.map((a) => a.platform)).toEqual(['slack']);
    expect(events).toMatch(/:\d+\/slack\/events$/);
    expect(fakes.slack.connections()).toBe(0);
  });

  it('answers a signed /brief china with the Blinken story at the response URL', async () => {
    const { body, responseUrlId } = fakes.slack.slashCommandForm({ command: '/brief', text: 'china', channel_id: 'C0HTTP' });
    const res = await post(body, signSlackRequest(SIGNING_SECRET, body));
    expect(res.status).toBe(200);
    await until(() => fakes.slack.responsesFor(responseUrlId).length > 0, 15_000, 'the answer at the response URL');
    const [answer] = fakes.slack.responsesFor(responseUrlId);
    expect(answer?.['response_type']).toBe('in_channel');
    expect(JSON.stringify(answer)).toMatch(/Blinken/);
  });

  it('refuses a request signed with another secret and answers nothing', async () => {
    const { body, responseUrlId } = fakes.slack.slashCommandForm({ command: '/brief', text: 'china', channel_id: 'C0FORGED' });
    const res = await post(body, signSlackRequest('not-the-secret', body));
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fakes.slack.responsesFor(responseUrlId)).toEqual([]);
  });
});
