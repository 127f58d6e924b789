import { describe, expect, it } from 'vitest';
import { commandInput, focusedOption, hasManageGuild } from '../../../src/chat/discord/request.js';
import { autocompleteChoices, suggestTimeZones } from '../../../src/chat/discord/autocomplete.js';
import { commands } from '../../../src/commands/index.js';
import { str, sub, int } from '../../fakes/discord/interactions.js';

describe('commandInput', () => {
  it('turns /brief topic:china into the text "china"', () => {
    expect(commandInput(commands, 'brief', [str('topic', 'china')])).toEqual({ text: 'china', options: { topic: 'china' } });
  });

  it('gives an empty text for /brief without a topic, and for /topics and /help', () => {
    expect(commandInput(commands, 'brief', []).text).toBe('');
    expect(commandInput(commands, 'topics', []).text).toBe('');
    expect(commandInput(commands, 'help', []).text).toBe('');
  });

  it('rebuilds /digest subscribe in the command-line syntax', () => {
    const input = commandInput(commands, 'digest', [sub('subscribe', [str('topics', 'china tech'), str('at', '08:00'), str('tz', 'Europe/London')])]);
    expect(input.text).toBe('subscribe china tech at 08:00 tz Europe/London');
    expect(input.options).toEqual({ subcommand: 'subscribe', topics: 'china tech', at: '08:00', tz: 'Europe/London' });
  });

  it('leaves out the parts of /digest subscribe that were not given', () => {
    expect(commandInput(commands, 'digest', [sub('subscribe', [str('at', '07:30')])]).text).toBe('subscribe at 07:30');
    expect(commandInput(commands, 'digest', [sub('subscribe')]).text).toBe('subscribe');
  });

  it('rebuilds /digest unsubscribe with a string or integer id, and /digest now and list', () => {
    expect(commandInput(commands, 'digest', [sub('unsubscribe', [str('id', '3')])]).text).toBe('unsubscribe 3');
    expect(commandInput(commands, 'digest', [sub('unsubscribe', [int('id', 4)])]).text).toBe('unsubscribe 4');
    expect(commandInput(commands, 'digest', [sub('now')]).text).toBe('now');
    expect(commandInput(commands, 'digest', [sub('list')]).text).toBe('list');
  });

  it('collapses the whitespace a user typed into an option', () => {
    expect(commandInput(commands, 'brief', [str('topic', '  tony \n blair ')]).text).toBe('tony blair');
  });
});

describe('hasManageGuild', () => {
  it('is true only when the Manage Server bit (32) is set', () => {
    expect(hasManageGuild('32')).toBe(true);
    expect(hasManageGuild(String((1n << 40n) | 32n))).toBe(true);
    expect(hasManageGuild('8')).toBe(false);
    expect(hasManageGuild('0')).toBe(false);
  });

  it('is false for missing or malformed permissions', () => {
    expect(hasManageGuild(undefined)).toBe(false);
    expect(hasManageGuild(null)).toBe(false);
    expect(hasManageGuild('not-a-number')).toBe(false);
  });
});

describe('focusedOption', () => {
  it('finds the focused option inside a subcommand', () => {
    expect(focusedOption([sub('subscribe', [str('at', '08:00'), str('tz', 'Eur', true)])])).toEqual({ subcommand: 'subscribe', name: 'tz', value: 'Eur' });
  });

  it('is undefined when nothing is focused', () => {
    expect(focusedOption([str('topic', 'x')])).toBeUndefined();
  });
});

describe('autocompleteChoices', () => {
  const topics = (prefix: string) => ['china', 'chile', 'chess', 'x'.repeat(150), 'china'].filter((t) => t.startsWith(prefix));

  it('offers topics for /brief, without duplicates or values over 100 characters', () => {
    expect(autocompleteChoices(commands, 'brief', { name: 'topic', value: 'ch' }, topics)).toEqual([
      { name: 'china', value: 'china' },
      { name: 'chile', value: 'chile' },
      { name: 'chess', value: 'chess' },
    ]);
    expect(autocompleteChoices(commands, 'brief', { name: 'topic', value: 'x' }, topics)).toEqual([]);
  });

  it('offers at most 25 choices', () => {
    const many = () => Array.from({ length: 40 }, (_, i) => `topic${i}`);
    expect(autocompleteChoices(commands, 'brief', { name: 'topic', value: '' }, many)).toHaveLength(25);
  });

  it('completes the last word of a /digest subscribe topic list, keeping the earlier words', () => {
    expect(autocompleteChoices(commands, 'digest', { subcommand: 'subscribe', name: 'topics', value: 'tech chi' }, topics)).toEqual([
      { name: 'tech china', value: 'tech china' },
      { name: 'tech chile', value: 'tech chile' },
    ]);
  });

  it('answers no choices, rather than failing, for an option it does not complete', () => {
    expect(autocompleteChoices(commands, 'digest', { subcommand: 'unsubscribe', name: 'id', value: '1' }, topics)).toEqual([]);
  });
});

describe('suggestTimeZones', () => {
  it('finds zones by their start or by a city anywhere in the name', () => {
    expect(suggestTimeZones('Europe/Lo')).toContain('Europe/London');
    expect(suggestTimeZones('new york')).toContain('America/New_York');
    expect(suggestTimeZones('')).toContain('UTC');
    expect(suggestTimeZones('zzzz')).toEqual([]);
  });
});
