import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, secretScrubber } from '../src/log.js';

const BOT = 'xoxb-1111-2222-SuperSecretBotToken';
const SIGNING = 'f00dfacef00dfacef00dface';
const DISCORD = 'MTAxNDQ.Gx7abc.discord-secret_"quoted"';

function capture(secrets: string[] = [BOT, SIGNING, DISCORD]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('debug', { destination, secrets, pretty: false });
  return { logger, text: () => lines.join('') };
}

describe('the logger', () => {
  it('writes JSON lines at the configured level', () => {
    const { logger, text } = capture();
    logger.debug({ n: 1 }, 'hello');
    logger.trace('too detailed');
    const records = text().trim().split('\n').map((l) => JSON.parse(l) as { msg: string; n?: number; level: number });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ msg: 'hello', n: 1, level: 20 });
  });

  it('redacts token fields by key path', () => {
    const { logger, text } = capture([]);
    logger.info({ slack: { botToken: 'xoxb-abc', appToken: 'xapp-abc' }, token: 'tkn', headers: { authorization: 'Bot abc' } }, 'cfg');
    expect(text()).not.toMatch(/xoxb-abc|xapp-abc|tkn|Bot abc/);
    expect(text()).toContain('[redacted]');
  });

  it('scrubs the literal secret values from messages, errors, stacks and child bindings', () => {
    const { logger, text } = capture();
    logger.error({ err: new Error(`An API error occurred: invalid_auth for token ${BOT}`) }, 'slack failed');
    logger.info(`signing with ${SIGNING}`);
    logger.child({ url: `https://x.test/?t=${encodeURIComponent(DISCORD)}` }).warn({ detail: { nested: [DISCORD] } }, 'discord');
    const out = text();
    expect(out).not.toContain(BOT);
    expect(out).not.toContain('SuperSecretBotToken');
    expect(out).not.toContain(SIGNING);
    expect(out).not.toContain('Gx7abc');
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
    // The rest of each line survives, so the log stays useful.
    expect(out).toContain('invalid_auth for token [redacted]');
  });

  it('leaves lines alone when no secrets are configured, and ignores implausibly short ones', () => {
    const scrub = secretScrubber(['abc', '']);
    expect(scrub('abc def')).toBe('abc def');
  });
});
