import type { CommandSettings } from '../../src/commands/command.js';

/** The settings commands read, at their defaults, for tests that build a dispatcher by hand. */
export function commandSettings(over: Partial<CommandSettings> = {}): CommandSettings {
  return { storiesPerBriefing: 5, admins: [], defaultTimezone: 'UTC', replyVisibility: 'channel', digest: { maxPerChannel: 10 }, ...over };
}
