import { describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { markerFor, nonceFor, postFailure, snowflakeAt } from '../../../src/chat/discord/post-result.js';

const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ message, code }, code, status, 'POST', 'https://discord.test/api/v10/channels/1/messages', { body: undefined, files: undefined });

describe('postFailure', () => {
  it.each([
    [50001, 403, 'missing_access'],
    [10003, 404, 'unknown_channel'],
    [50013, 403, 'missing_permissions'],
  ] as const)('maps Discord code %i to a permanent failure', (code, status, error) => {
    expect(postFailure(apiError(status, code, 'nope'))).toMatchObject({ ok: false, error, permanent: true });
  });

  it('treats a server error as transient', () => {
    const err = new HTTPError(503, 'Service Unavailable', 'POST', 'https://discord.test/x', { body: undefined, files: undefined });
    expect(postFailure(err)).toMatchObject({ error: 'transient', permanent: false });
  });

  it('treats a refused token as permanent invalid_auth', () => {
    expect(postFailure(apiError(401, 0, '401: Unauthorized'))).toMatchObject({ error: 'invalid_auth', permanent: true });
  });

  it('treats a body Discord rejects as newsbrief’s invalid message, permanent, not a retry', () => {
    expect(postFailure(apiError(400, 50035, 'Invalid Form Body'))).toMatchObject({ error: 'invalid_message', permanent: true });
  });

  it('treats a network failure as transient', () => {
    expect(postFailure(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toMatchObject({ error: 'transient', permanent: false });
  });
});

describe('nonceFor and markerFor', () => {
  it('gives a stable nonce of at most 25 characters, different per key and per part', () => {
    const n = nonceFor('digest:1:2024-04-27');
    expect(n.length).toBeLessThanOrEqual(25);
    expect(nonceFor('digest:1:2024-04-27')).toBe(n);
    expect(nonceFor('digest:1:2024-04-28')).not.toBe(n);
    expect(nonceFor('digest:1:2024-04-27', 1)).not.toBe(n);
    expect(markerFor('digest:1:2024-04-27')).toBe(`ref ${n}`);
  });
});

describe('snowflakeAt', () => {
  it('encodes the time the way Discord ids do', () => {
    expect(snowflakeAt(new Date('2015-01-01T00:00:00Z'))).toBe('0');
    expect(BigInt(snowflakeAt(new Date('2024-01-01T00:00:00Z'))) >> 22n).toBe(BigInt(Date.parse('2024-01-01T00:00:00Z') - 1_420_070_400_000));
  });
});
