import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRegister } from '../../../src/cli/discord-register.js';
import { commandDefinitions } from '../../../src/chat/discord/commands.js';
import { commands } from '../../../src/commands/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/server.js';

/** Every declared command, as the register command lists them ("/brief, /topics, …"). */
const names = commands.map((c) => c.name);
const listed = names.map((n) => `/${n}`).join(', ');

let fake: FakeDiscord;
let configPath: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  configPath = join(mkdtempSync(join(tmpdir(), 'nb-discord-')), 'newsbrief.json');
  writeFileSync(configPath, '{}');
});

afterAll(async () => {
  await fake.close();
});

function run(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runRegister({ NEWSBRIEF_CONFIG: configPath, ...env }, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return code.then((c) => ({ code: c, out: out.join('\n'), err: err.join('\n') }));
}

const envFor = (extra: Record<string, string> = {}) => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiUrl,
  ...extra,
});

describe('npm run discord:register', () => {
  it('puts every declared command in the guild in one bulk PUT the spec accepts, and says they were added', async () => {
    const r = await run(envFor({ DISCORD_GUILD_ID: '720000000000000009' }));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`added: ${listed}`);
    const puts = fake.requests.filter((q) => q.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${fake.applicationId}/guilds/720000000000000009/commands`);
    expect(puts[0]!.specErrors).toEqual([]);
    expect(puts[0]!.body).toEqual(commandDefinitions(commands));
    const digest = (puts[0]!.body as { name: string; default_member_permissions?: number }[]).find((c) => c.name === 'digest');
    expect(digest?.default_member_permissions).toBe(32);
  });

  it('changes nothing when run again, and says so', async () => {
    const before = fake.requests.filter((q) => q.method === 'PUT').length;
    const r = await run(envFor({ DISCORD_GUILD_ID: '720000000000000009' }));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`unchanged: ${listed}`);
    expect(fake.requests.filter((q) => q.method === 'PUT').length).toBe(before);
  });

  it('reports a changed command as updated and a stale one as removed', async () => {
    const scope = '720000000000000009';
    const current = fake.registeredCommands(scope) as { name: string; description: string }[];
    fake.setRegisteredCommands(scope, [
      ...current.map((c) => (c.name === 'topics' ? { ...c, description: 'old words' } : c)),
      { id: '1', name: 'oldcommand', description: 'gone', type: 1 },
    ]);
    const r = await run(envFor({ DISCORD_GUILD_ID: scope }));
    expect(r.out).toContain('updated: /topics');
    expect(r.out).toContain('removed: /oldcommand');
    expect((fake.registeredCommands(scope) as { name: string }[]).map((c) => c.name)).toEqual(names);
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const r = await run(envFor());
    expect(r.code).toBe(0);
    expect(r.out).toContain('(global)');
    expect(fake.registeredCommands('global')).toHaveLength(names.length);
  });

  it('exits non-zero with a clear message when the token is missing', async () => {
    const r = await run({ DISCORD_API_URL: fake.apiUrl });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('DISCORD_TOKEN is not set');
  });

  it('exits non-zero with a clear message when the application id is missing', async () => {
    const r = await run({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('DISCORD_APPLICATION_ID is not set');
  });

  it('fails with a hint, and without printing the token, when Discord refuses the token', async () => {
    const r = await run(envFor({ DISCORD_TOKEN: 'wrong-token-value' }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('is DISCORD_TOKEN right?');
    expect(r.err + r.out).not.toContain('wrong-token-value');
  });
});
