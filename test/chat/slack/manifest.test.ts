import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { manifestCommands } from '../../../src/chat/slack/manifest.js';
import { commands } from '../../../src/commands/index.js';

/** slack/manifest.json, checked against Slack's own manifest schema (draft-07). */

const schema = JSON.parse(readFileSync(new URL('../../../../shared/specs/slack-manifest.schema.1.0.0.json', import.meta.url), 'utf8')) as object;
const manifest = JSON.parse(readFileSync(new URL('../../../slack/manifest.json', import.meta.url), 'utf8')) as {
  display_information: { name: string; background_color?: string };
  features: { slash_commands: { command: string; description: string; usage_hint?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean };
};

function validator() {
  // The schema uses a non-standard "regex" keyword; it is checked by hand below.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('the Slack app manifest', () => {
  it('is valid against Slack\'s manifest schema 1.0.0', () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is checked for real: the schema rejects an unknown setting', () => {
    const validate = validator();
    expect(validate({ ...manifest, settings: { ...manifest.settings, teleport: true } })).toBe(false);
  });

  it('lists exactly the declared commands, with their descriptions and usage (npm run slack:manifest writes them)', () => {
    expect(manifest.features.slash_commands).toEqual(manifestCommands(commands));
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/brief', '/topics', '/digest', '/feeds', '/help']);
    expect(manifest.features.slash_commands.find((c) => c.command === '/brief')?.usage_hint).toBe('[topic]');
  });

  it('would notice a declared command missing from the manifest', () => {
    const extra = { name: 'weather', description: 'The weather', run: () => ({ kind: 'text' as const, text: 'sunny' }) };
    expect(manifest.features.slash_commands).not.toEqual(manifestCommands([...commands, extra]));
  });

  it('asks for the scopes the adapter uses, and uses Socket Mode', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'users:read', 'channels:history']));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('has a background colour in the form Slack expects', () => {
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });
});
