import type { Access, CommandDecl, OptionDecl, SubcommandDecl } from '../../commands/command.js';

/**
 * The application commands, as the JSON Discord's bulk-overwrite endpoint takes, derived from the
 * command declarations. The adapter rebuilds the command-line text from the typed options
 * (request.ts), so the commands behave exactly as on Slack and the console.
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

function option(o: OptionDecl): CommandOptionDefinition {
  return {
    type: OptionType.String,
    name: o.name,
    description: o.description,
    ...(o.required ? { required: true } : {}),
    ...(o.autocomplete ? { autocomplete: true } : {}),
    ...(o.minLength !== undefined ? { min_length: o.minLength } : {}),
    ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
  };
}

/** Discord says who may run a subcommand only in its description; the bot checks again when it runs. */
const describeAccess = (description: string, access: Access | undefined) => (access === 'admins' ? `${description} (Manage Server)` : description);

function subcommand(s: SubcommandDecl): CommandOptionDefinition {
  const options = (s.options ?? []).map(option);
  return {
    type: OptionType.Subcommand,
    name: s.name,
    description: describeAccess(s.description, s.access),
    ...(options.length > 0 ? { options } : {}),
  };
}

/** One declaration as Discord's application command. */
export function commandDefinition(cmd: CommandDecl): CommandDefinition {
  const options = cmd.subcommands ? cmd.subcommands.map(subcommand) : (cmd.options ?? []).map(option);
  return {
    name: cmd.name,
    type: 1,
    description: cmd.subcommands ? cmd.description : describeAccess(cmd.description, cmd.access),
    ...(options.length > 0 ? { options } : {}),
    ...(cmd.listedFor === 'admins' ? { default_member_permissions: MANAGE_GUILD_PERMISSION } : {}),
    contexts: [0],
  };
}

export function commandDefinitions(commands: readonly CommandDecl[]): CommandDefinition[] {
  return commands.map(commandDefinition);
}
