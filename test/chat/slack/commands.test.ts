import { describe, expect, it } from 'vitest';
import { answerCommand, fitResponses, responseTypeOf, toCommandRequest, type Respond } from '../../../src/chat/slack/commands.js';
import { classifyError } from '../../../src/chat/slack/post-errors.js';
import { renderText } from '../../../src/chat/slack/render.js';
import type { Reply } from '../../../src/chat/reply.js';
import { silentLogger } from '../../../src/log.js';
import { validateSlackMessage } from '../../fakes/slack/validate.js';

const briefing: Reply = { kind: 'briefing', briefing: { topic: 'x', generatedAt: new Date(0), stories: [], suggestions: [] } };
const digest: Reply = { kind: 'digest', digest: { title: 'D', generatedAt: new Date(0), groups: [] } };

describe('who sees an answer', () => {
  it.each([
    [briefing, 'channel', 'in_channel'],
    [briefing, 'private', 'ephemeral'],
    [digest, 'channel', 'in_channel'],
    [digest, 'private', 'ephemeral'],
    [{ kind: 'text', text: 't' } as Reply, 'channel', 'in_channel'],
    [{ kind: 'text', text: 't', private: true } as Reply, 'channel', 'ephemeral'],
    [{ kind: 'text', text: 't' } as Reply, 'private', 'ephemeral'],
    [{ kind: 'error', code: 'usage', text: 'e' } as Reply, 'channel', 'ephemeral'],
  ] as const)('shows a %j reply with visibility %s as %s', (reply, visibility, expected) => {
    expect(responseTypeOf(reply, visibility)).toBe(expected);
  });
});

describe('building the command request', () => {
  it('strips the slash, lowercases the name, trims the text and prefixes the channel', async () => {
    const req = toCommandRequest({ command: '/Brief', text: '  china  ', channel_id: 'C1', user_id: 'U1', user_name: 'ann' }, async () => true);
    expect(req).toMatchObject({ name: 'brief', text: 'china', options: {}, channel: 'slack:C1', user: { id: 'U1' } });
    expect(await req.user.isAdmin()).toBe(true);
  });

  it('turns the entities Slack sends back into what the user typed', () => {
    const req = toCommandRequest({ command: '/brief', text: 'AT&amp;T &lt;b&gt; &amp;lt;', channel_id: 'C1', user_id: 'U1' }, async () => false);
    expect(req.text).toBe('AT&T <b> &lt;');
  });
});

describe('answering within the response_url limit', () => {
  it('keeps four parts of a long reply and says how many were left out', () => {
    const parts = Array.from({ length: 7 }, (_, i) => renderText(`part ${i}`)[0]!);
    const fitted = fitResponses(parts);
    expect(fitted).toHaveLength(5);
    expect(fitted.slice(0, 4)).toEqual(parts.slice(0, 4));
    expect(fitted[4]!.text).toBe('3 more parts were left out: the reply was too long for Slack.');
    expect(validateSlackMessage(fitted[4])).toEqual([]);
  });

  it('leaves a reply of five parts alone', () => {
    const parts = Array.from({ length: 5 }, (_, i) => renderText(`part ${i}`)[0]!);
    expect(fitResponses(parts)).toEqual(parts);
  });

  it('stops answering when the response_url refuses, without throwing', async () => {
    const sent: unknown[] = [];
    const respond: Respond = async (m) => {
      sent.push(m);
      throw new Error('Failed to respond to the response_url: 404');
    };
    const req = toCommandRequest({ command: '/topics', text: '', channel_id: 'C1', user_id: 'U1' }, async () => false);
    const long = 'word '.repeat(5000);
    await expect(answerCommand(req, { dispatch: async () => ({ kind: 'text', text: long }), respond, logger: silentLogger, visibility: 'channel' })).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
  });
});

describe('what a Slack error means for a post', () => {
  const platform = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

  it.each([
    ['not_in_channel', 'not_in_channel', true],
    ['channel_not_found', 'channel_not_found', true],
    ['is_archived', 'is_archived', true],
    ['invalid_auth', 'invalid_auth', true],
    ['account_inactive', 'invalid_auth', true],
    ['token_revoked', 'invalid_auth', true],
    ['missing_scope', 'missing_permissions', true],
    ['invalid_blocks', 'invalid_message', true],
    ['msg_too_long', 'invalid_message', true],
    ['internal_error', 'transient', false],
    ['ratelimited', 'rate_limited', false],
  ] as const)('treats %s as %s (permanent: %s)', (code, kind, permanent) => {
    expect(classifyError(platform(code))).toMatchObject({ ok: false, error: kind, permanent, detail: code });
  });

  it('keeps the wait a 429 asks for', () => {
    expect(classifyError(Object.assign(new Error('rl'), { code: 'slack_webapi_rate_limited_error', retryAfter: 7 }))).toMatchObject({
      error: 'rate_limited',
      permanent: false,
      retryAfterMs: 7000,
    });
  });

  it('treats HTTP failures and network errors as transient, and uncertain once the request may have arrived', () => {
    expect(classifyError(Object.assign(new Error('x'), { code: 'slack_webapi_http_error', statusCode: 502 }))).toMatchObject({ error: 'transient', detail: 'HTTP 502', uncertain: true });
    const timeout = Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'slack_webapi_request_error', original: { code: 'ECONNABORTED' } });
    expect(classifyError(timeout)).toMatchObject({ error: 'transient', uncertain: true });
    const refused = Object.assign(new Error('ECONNREFUSED'), { code: 'slack_webapi_request_error', original: { code: 'ECONNREFUSED' } });
    expect(classifyError(refused)).toMatchObject({ error: 'transient' });
    expect(classifyError(refused).uncertain).toBeUndefined();
    expect(classifyError(platform('fatal_error'))).toMatchObject({ error: 'transient', uncertain: true });
  });

  it('never repeats a token found in an error message', () => {
    expect(classifyError(new Error('boom xoxb-1-2-secret')).detail).toBe('boom xoxb-[redacted]');
  });
});
