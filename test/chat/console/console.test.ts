import { silentLogger } from '../../../src/log.js';
import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { createConsoleAdapter, parseLine } from '../../../src/chat/console/adapter.js';
import { renderReply } from '../../../src/chat/console/render.js';
import { stripControl } from '../../../src/chat/present.js';
import type { Dispatch } from '../../../src/chat/reply.js';
import { doc } from '../../helpers/tiny-library.js';

describe('console line parsing', () => {
  it('reads a command with or without its slash', () => {
    expect(parseLine('/brief tony blair')).toEqual({ name: 'brief', text: 'tony blair' });
    expect(parseLine('  topics ')).toEqual({ name: 'topics', text: '' });
  });

  it('ignores blank lines and comments', () => {
    expect(parseLine('   ')).toBeUndefined();
    expect(parseLine('# a comment')).toBeUndefined();
  });
});

describe('console rendering', () => {
  const story = {
    doc: doc({ id: 'a', title: 'T', text: 'x', source: 'CNN', url: 'https://cnn.com/a' }),
    summary: { docId: 'a', headline: 'Blinken warns China', keyPoints: [], entities: [], keyPhrases: [] },
    sentences: ['Blinken said so.'],
    related: [],
  };

  it('prints each story with its headline, sentences and a citation', () => {
    const text = renderReply({ kind: 'briefing', briefing: { topic: 'china', generatedAt: new Date(), stories: [story], suggestions: [] } });
    expect(text).toContain('Briefing: china (1 story)');
    expect(text).toContain('1. Blinken warns China');
    expect(text).toContain('Blinken said so.');
    expect(text).toContain('— CNN · 2024-04-26 · https://cnn.com/a');
  });

  it('strips terminal control sequences that come from documents', () => {
    expect(stripControl('a\x1b[2Jb\x07c')).toBe('a[2Jbc');
  });

  it('uses no colour codes when not on a terminal', () => {
    expect(renderReply({ kind: 'error', code: 'usage', text: 'bad' })).toBe('bad');
  });
});

describe('the console adapter', () => {
  it('answers piped commands in order and reports the end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const ended = new Promise<void>((resolve) => {
      const adapter = createConsoleAdapter({ input, output, interactive: false, onEnd: resolve });
      const dispatch: Dispatch = async (req) => {
        // The first answer is slower, so a wrong order would show.
        if (req.name === 'brief') await new Promise((r) => setTimeout(r, 30));
        return { kind: 'text', text: `answer to ${req.name} ${req.text}` };
      };
      void adapter.start(dispatch);
    });
    input.end('/brief china\n\n/topics\n');
    await ended;
    expect(out.indexOf('answer to brief china')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('answer to brief china')).toBeLessThan(out.indexOf('answer to topics'));
  });

  it('answers every later command and still ends when one command throws, and says sorry for it', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (obj: unknown) => errors.push(obj) } as unknown as typeof silentLogger;
    const ended = new Promise<void>((resolve) => {
      const adapter = createConsoleAdapter({ input, output, interactive: false, onEnd: resolve, logger });
      const dispatch: Dispatch = async (req) => {
        if (req.name === 'boom') throw new Error('index exploded');
        return { kind: 'text', text: `answer to ${req.name}` };
      };
      void adapter.start(dispatch);
    });
    input.end('/boom\n/topics\n/help\n');
    await ended;
    expect(out).toMatch(/Sorry, something went wrong[\s\S]*answer to topics[\s\S]*answer to help/);
    expect(out).not.toContain('index exploded');
    expect(errors).toHaveLength(1);
  });
});
