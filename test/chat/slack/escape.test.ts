import { describe, expect, it } from 'vitest';
import { escapeLinkLabel, escapeSlack, safeUrl, slackLink, truncateEscaped } from '../../../src/chat/slack/escape.js';
import { redactTokens } from '../../../src/chat/slack/bolt-logger.js';

describe('escaping text for Slack', () => {
  it('escapes &, < and > so no control sequence survives', () => {
    expect(escapeSlack('a & b <!channel> <@U123> <http://x|y>')).toBe('a &amp; b &lt;!channel&gt; &lt;@U123&gt; &lt;http://x|y&gt;');
  });

  it('escapes an already escaped entity again, so it shows as typed', () => {
    expect(escapeSlack('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });

  it('breaks up bare @channel, @here and @everyone with an invisible joiner', () => {
    expect(escapeSlack('hey @channel, @Here and @everyone')).toBe('hey @\u2060channel, @\u2060Here and @\u2060everyone');
    expect(escapeSlack('mail me@channels.example')).toBe('mail me@channels.example');
  });

  it('drops control characters', () => {
    expect(escapeSlack('a\u0000b\u001bc\nd')).toBe('abc\nd');
  });
});

describe('links', () => {
  it('accepts http and https URLs only', () => {
    expect(safeUrl('https://example.com/a?b=1&c=2')).toBe('https://example.com/a?b=1&amp;c=2');
    expect(safeUrl('http://example.com')).toBe('http://example.com/');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('mailto:a@b.c')).toBeUndefined();
    expect(safeUrl('slack://channel?id=C1')).toBeUndefined();
    expect(safeUrl('/relative/path')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });

  it('percent-encodes the characters that would end the URL part of a link', () => {
    expect(safeUrl('https://example.com/a|b>c<d')).toBe('https://example.com/a%7Cb%3Ec%3Cd');
  });

  it('refuses an absurdly long URL', () => {
    expect(safeUrl(`https://example.com/${'a'.repeat(3000)}`)).toBeUndefined();
  });

  it('keeps a label from pretending to be part of the link', () => {
    expect(escapeLinkLabel('a|b>c')).toBe('a\u2223b&gt;c');
    expect(slackLink('https://example.com/', 'x|<!channel>')).toBe('<https://example.com/|x\u2223&lt;!channel&gt;>');
    expect(slackLink('javascript:alert(1)', 'click')).toBe('click');
  });
});

describe('truncating escaped text', () => {
  it('leaves short text alone', () => {
    expect(truncateEscaped('abc', 3)).toBe('abc');
  });

  it('ends with an ellipsis within the limit', () => {
    const out = truncateEscaped('abcdefghij', 5);
    expect(out).toBe('abcd…');
  });

  it('never cuts an entity in half', () => {
    for (let max = 2; max < 12; max++) {
      const out = truncateEscaped('ab &amp; cd &lt; ef', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/&[a-z]*…$/);
    }
  });

  it('never cuts a surrogate pair in half', () => {
    const out = truncateEscaped('ab😀cd', 4);
    expect(out).toBe('ab…');
  });
});

describe('token redaction in library logs', () => {
  it('blanks bot, user, app and refresh tokens', () => {
    expect(redactTokens('Bearer xoxb-123-456-abc and xapp-1-A1-2-ff and xoxp-9 and xoxe.xoxp-1-zz')).toBe(
      'Bearer xoxb-[redacted] and xapp-[redacted] and xoxp-[redacted] and xoxe.xoxp-[redacted]',
    );
  });

  it('blanks the verification token in logged payloads, as JSON or as a form', () => {
    expect(redactTokens('{"token":"abc123","team_id":"T1"}')).toBe('{"token":"[redacted]","team_id":"T1"}');
    expect(redactTokens('token=abc123&team_id=T1')).toBe('token=[redacted]&team_id=T1');
  });
});
