import { describe, expect, it } from 'vitest';
import { discordSpec, extraLimitErrors } from '../../fakes/discord/spec.js';
import { commandDefinitions as definitionsOf } from '../../../src/chat/discord/commands.js';
import { commands } from '../../../src/commands/index.js';

const commandDefinitions = definitionsOf(commands);

describe('the Discord spec validator used by the fake', () => {
  const spec = discordSpec();

  it('accepts a plain message with no mentions allowed', () => {
    expect(spec.validate('POST', '/channels/1/messages', { content: 'hi', allowed_mentions: { parse: [] }, nonce: 'abc', enforce_nonce: true })).toEqual([]);
  });

  it('rejects a body the spec forbids: a number as content and an over-long embed title', () => {
    const errors = spec.validate('POST', '/channels/1/messages', { content: 5, embeds: [{ title: 'x'.repeat(257) }] });
    expect(errors.join('\n')).toMatch(/content must be string/);
    expect(errors.join('\n')).toMatch(/title must NOT have more than 256 characters/);
  });

  it('rejects an interaction callback of an unknown type and a nonce over 25 characters', () => {
    expect(spec.validate('POST', '/interactions/1/tok/callback', { type: 99 })).not.toEqual([]);
    expect(spec.validate('POST', '/channels/1/messages', { content: 'x', nonce: 'n'.repeat(26) })).not.toEqual([]);
  });

  it('rejects what the spec cannot say: content over 2000 and embeds over 6000 characters in all', () => {
    expect(spec.validate('POST', '/channels/1/messages', { content: 'x'.repeat(2001) })).toContain('content is 2001 characters (limit 2000)');
    const embeds = [0, 1].map(() => ({ title: 't', description: 'd'.repeat(3500) }));
    expect(extraLimitErrors({ type: 4, data: { embeds } })).toEqual(['embeds total 7002 characters (limit 6000)']);
  });

  it('rejects default_member_permissions as a string, which is why the commands send a number', () => {
    const asString = commandDefinitions.map((c) => (c.default_member_permissions ? { ...c, default_member_permissions: '32' } : c));
    expect(spec.validate('PUT', '/applications/1/guilds/2/commands', asString)).not.toEqual([]);
    expect(spec.validate('PUT', '/applications/1/guilds/2/commands', commandDefinitions)).toEqual([]);
  });

  it('matches @original before a message id parameter', () => {
    expect(spec.route('patch', '/webhooks/1/tok/messages/@original')).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/@original');
  });
});
