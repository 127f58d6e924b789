import { describe, expect, it } from 'vitest';
import { commandDefinitions as definitionsOf, type CommandOptionDefinition } from '../../../src/chat/discord/commands.js';
import { commands } from '../../../src/commands/index.js';
import { describePlan, planRegistration, type RegisteredCommand } from '../../../src/chat/discord/register.js';

const commandDefinitions = definitionsOf(commands);
const byName = (name: string) => commandDefinitions.find((c) => c.name === name)!;
const allOptions = (opts: CommandOptionDefinition[] = []): CommandOptionDefinition[] => opts.flatMap((o) => [o, ...allOptions(o.options)]);

describe('the command definitions', () => {
  it('are /brief, /topics, /digest, /feeds and /help, with names and descriptions Discord accepts', () => {
    expect(commandDefinitions.map((c) => c.name)).toEqual(['brief', 'topics', 'digest', 'feeds', 'help']);
    for (const c of commandDefinitions) {
      for (const item of [c, ...allOptions(c.options)]) {
        expect(item.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(item.description.length).toBeGreaterThan(0);
        expect(item.description.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('gives /brief an optional topic with autocomplete', () => {
    expect(byName('brief').options).toEqual([expect.objectContaining({ name: 'topic', type: 3, autocomplete: true })]);
    expect(byName('brief').options![0]!.required).toBeFalsy();
  });

  it('hides /digest from members without Manage Server and offers its four subcommands', () => {
    const digest = byName('digest');
    expect(digest.default_member_permissions).toBe(32);
    expect(digest.options!.map((o) => [o.name, o.type])).toEqual([
      ['now', 1],
      ['subscribe', 1],
      ['list', 1],
      ['unsubscribe', 1],
    ]);
    const subscribe = digest.options!.find((o) => o.name === 'subscribe')!;
    expect(subscribe.options!.map((o) => o.name)).toEqual(['topics', 'at', 'tz']);
    expect(subscribe.options!.find((o) => o.name === 'tz')!.autocomplete).toBe(true);
    expect(digest.options!.find((o) => o.name === 'unsubscribe')!.options![0]).toMatchObject({ name: 'id', required: true });
  });
});

describe('planRegistration', () => {
  /** What Discord returns: ids, versions, echoed defaults, permissions as a string. */
  const asRegistered = (): RegisteredCommand[] =>
    commandDefinitions.map((c) => ({
      ...c,
      id: `id-${c.name}`,
      version: '1',
      default_member_permissions: c.default_member_permissions == null ? null : String(c.default_member_permissions),
      options: c.options?.map((o) => ({ ...o, required: o.required ?? false })),
    }));

  it('sees everything as added when nothing is registered', () => {
    expect(planRegistration([], commandDefinitions)).toEqual({ added: ['brief', 'topics', 'digest', 'feeds', 'help'], updated: [], unchanged: [], removed: [] });
  });

  it('sees Discord’s echo of the same commands as unchanged', () => {
    expect(planRegistration(asRegistered(), commandDefinitions).unchanged).toEqual(['brief', 'topics', 'digest', 'feeds', 'help']);
  });

  it('notices a changed description, a lost permission and a command that is no longer wanted', () => {
    const existing = asRegistered().map((c) =>
      c.name === 'help' ? { ...c, description: 'old' } : c.name === 'digest' ? { ...c, default_member_permissions: null } : c,
    );
    existing.push({ name: 'legacy', description: 'x', type: 1 });
    const plan = planRegistration(existing, commandDefinitions);
    expect(plan.updated).toEqual(['digest', 'help']);
    expect(plan.removed).toEqual(['legacy']);
  });

  it('describes the plan one line per kind of change', () => {
    expect(describePlan({ added: ['brief'], updated: [], unchanged: ['help'], removed: [] }, 'global')).toBe(
      'Discord commands (global):\n  added: /brief\n  updated: -\n  unchanged: /help\n  removed: -',
    );
  });
});
