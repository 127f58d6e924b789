/**
 * The application commands, as the JSON Discord's bulk-overwrite endpoint takes. Typed options
 * here; the adapter rebuilds the command-line text from them (request.ts), so the commands
 * behave exactly as on Slack and the console.
 */

export const OptionType = { Subcommand: 1, String: 3 } as const;

export interface CommandOptionDefinition {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  min_length?: number;
  max_length?: number;
  options?: CommandOptionDefinition[];
}

export interface CommandDefinition {
  name: string;
  description: string;
  /** 1: a chat-input (slash) command. */
  type: 1;
  options?: CommandOptionDefinition[];
  /**
   * A permission bitfield members need to see the command. Discord documents it as a string; the
   * OpenAPI spec the tests check against says integer, and the API takes both, so a number it is.
   */
  default_member_permissions?: number | null;
  /** 0: guilds only. Digests belong to server channels, and Manage Server has no meaning in DMs. */
  contexts: number[];
}

/** "Manage Server" (ManageGuild, 1 << 5). */
export const MANAGE_GUILD_PERMISSION = 32;

const str = (name: string, description: string, extra: Partial<CommandOptionDefinition> = {}): CommandOptionDefinition => ({
  type: OptionType.String,
  name,
  description,
  ...extra,
});

const sub = (name: string, description: string, options: CommandOptionDefinition[] = []): CommandOptionDefinition => ({
  type: OptionType.Subcommand,
  name,
  description,
  ...(options.length > 0 ? { options } : {}),
});

export const commandDefinitions: readonly CommandDefinition[] = [
  {
    name: 'brief',
    type: 1,
    description: 'A short, sourced briefing on a topic; without one, the top stories now',
    options: [str('topic', 'A word, a name or a phrase (china, tony blair, interest rates)', { autocomplete: true, max_length: 100 })],
    contexts: [0],
  },
  {
    name: 'topics',
    type: 1,
    description: 'The topics I can brief on now, most covered first',
    contexts: [0],
  },
  {
    name: 'digest',
    type: 1,
    description: 'Daily digests for this channel',
    default_member_permissions: MANAGE_GUILD_PERMISSION,
    contexts: [0],
    options: [
      sub('now', 'The digest for this channel now'),
      sub('subscribe', 'A daily digest in this channel (Manage Server)', [
        str('topics', 'Topics separated by spaces (china tech); empty: top stories', { autocomplete: true, max_length: 200 }),
        str('at', 'Time of day as HH:MM, 24-hour (08:00)', { min_length: 4, max_length: 5 }),
        str('tz', 'Time zone as Area/City (Europe/London)', { autocomplete: true, max_length: 64 }),
      ]),
      sub('list', 'The digests of this channel'),
      sub('unsubscribe', 'Remove one of this channel’s digests (Manage Server)', [
        str('id', 'The digest id, from /digest list', { required: true, max_length: 40 }),
      ]),
    ],
  },
  {
    name: 'help',
    type: 1,
    description: 'How to use newsbrief',
    contexts: [0],
  },
];
