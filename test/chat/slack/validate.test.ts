import { describe, expect, it } from 'vitest';
import { validateSlackMessage } from '../../fakes/slack/validate.js';

/** The fake's validator must catch what Slack would refuse, or the tests built on it prove nothing. */

const md = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string) => ({ type: 'section', text: md(text) });
const ok = { text: 'fallback', blocks: [section('hello')] };

describe('the fake Slack message validator', () => {
  it('accepts a plain, valid message', () => {
    expect(validateSlackMessage(ok)).toEqual([]);
    expect(validateSlackMessage({ text: 'x', blocks: [section('see <https://a.example/x|link>')] })).toEqual([]);
  });

  it.each([
    ['no fallback text', { blocks: [section('x')] }, 'no fallback text'],
    ['51 blocks', { text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) }, '51 blocks > 50'],
    ['a long header', { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }, '151 chars > 150'],
    ['a long section', { text: 'x', blocks: [section('s'.repeat(3001))] }, '3001 chars > 3000'],
    ['too much text in all', { text: 'x', blocks: Array.from({ length: 5 }, () => section('s'.repeat(2500))) }, 'block text 12500 chars > 12000'],
    ['a mrkdwn header', { text: 'x', blocks: [{ type: 'header', text: md('h') }] }, 'not in plain_text'],
    ['mrkdwn Slack would auto-parse', { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] }, 'without verbatim'],
    ['an empty section', { text: 'x', blocks: [section('')] }, 'empty text'],
    ['eleven context elements', { text: 'x', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => md('c')) }] }, '1-10 elements'],
    ['an unknown block', { text: 'x', blocks: [{ type: 'image' }] }, 'unexpected block type image'],
    ['<!channel>', { text: 'x', blocks: [section('hi <!channel>')] }, 'control sequence "<!channel>"'],
    ['<@U123>', { text: 'x', blocks: [section('hi <@U123>')] }, 'control sequence "<@U123>"'],
    ['<!here> in the fallback', { text: 'hi <!here>', blocks: [section('x')] }, 'text: control sequence'],
    ['a bare @everyone', { text: 'x', blocks: [section('hi @everyone')] }, 'bare broadcast mention'],
    ['a javascript: link', { text: 'x', blocks: [section('<javascript:alert(1)|click>')] }, 'control sequence'],
    ['a link label with "|"', { text: 'x', blocks: [section('<https://a.example/|a|b>')] }, 'control sequence'],
  ])('flags %s', (_name, body, problem) => {
    expect(validateSlackMessage(body).join('\n')).toContain(problem);
  });

  it('holds a message to a lower character budget when asked', () => {
    const body = { text: 'x', blocks: Array.from({ length: 4 }, () => section('s'.repeat(2600))) };
    expect(validateSlackMessage(body)).toEqual([]);
    expect(validateSlackMessage(body, { maxBlockChars: 10_000 })).toEqual(['block text 10400 chars > 10000']);
  });
});
