import { describe, expect, it } from 'vitest';
import { checkTopic } from '../../src/news/topic-input.js';

describe('checkTopic', () => {
  it('accepts a topic and tidies its spaces', () => {
    expect(checkTopic('  tony   blair ')).toEqual({ ok: true, topic: 'tony blair' });
  });

  it('refuses an empty topic and says what to do', () => {
    const r = checkTopic('   ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/empty/);
  });

  it('refuses a topic over 200 characters and gives the count', () => {
    const r = checkTopic('a'.repeat(201));
    expect(r).toEqual({ ok: false, reason: 'The topic is too long (201 characters; at most 200).' });
    expect(checkTopic('a'.repeat(200)).ok).toBe(true);
  });

  it('refuses a topic of emoji only', () => {
    const r = checkTopic('🔥🔥 🎉');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/no letters or digits/);
  });

  it('accepts emoji next to words', () => {
    expect(checkTopic('climate 🔥')).toEqual({ ok: true, topic: 'climate 🔥' });
  });

  it('refuses control characters inside the topic', () => {
    for (const bad of ['china\u0000', 'china\nrussia', 'a\u001bb']) {
      const r = checkTopic(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/control characters/);
    }
  });

  it('refuses mentions so an echoed topic can never ping', () => {
    for (const bad of ['@everyone', 'news @here', '<!channel>', '<@U123>', '<@&987>']) expect(checkTopic(bad).ok).toBe(false);
  });
});
