import { findCommand, findSubcommand, type CommandDecl } from '../../commands/command.js';
import { MANAGE_GUILD } from './limits.js';

/** The part of a received option the adapter reads (discord.js CommandInteractionOption has these). */
export interface ReceivedOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly ReceivedOption[];
  focused?: boolean;
}

const SUBCOMMAND = 1;

export interface CommandInput {
  /** The command-line syntax of /help, rebuilt from typed options. */
  text: string;
  /** Raw option values as strings; a subcommand appears as `subcommand`. */
  options: Record<string, string>;
}

function flatten(options: readonly ReceivedOption[]): { subcommand?: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  let subcommand: string | undefined;
  for (const opt of options) {
    if (opt.type === SUBCOMMAND) {
      subcommand = opt.name;
      Object.assign(values, flatten(opt.options ?? []).values);
    } else if (opt.value !== undefined) {
      values[opt.name] = String(opt.value).trim();
    }
  }
  return { subcommand, values };
}

/**
 * `/brief topic:china` → "china"; `/digest subscribe topics:"china tech" at:"08:00" tz:"Europe/London"`
 * → "subscribe china tech at 08:00 tz Europe/London"; `/digest unsubscribe id:3` → "unsubscribe 3".
 * The declared options say the order and the keywords; the dispatcher then parses the text
 * exactly as it would a typed command, so every platform agrees.
 */
export function commandInput(commands: readonly CommandDecl[], command: string, received: readonly ReceivedOption[]): CommandInput {
  const { subcommand, values } = flatten(received);
  const options = subcommand ? { subcommand, ...values } : { ...values };
  const cmd = findCommand(commands, command);
  const sub = cmd?.subcommands ? findSubcommand(cmd, subcommand) : undefined;
  const declared = sub ? (sub.options ?? []) : cmd && !cmd.subcommands ? (cmd.options ?? []) : [];
  const parts: string[] = subcommand ? [subcommand] : [];
  for (const o of declared) {
    const value = values[o.name];
    if (value === undefined || value === '') continue;
    parts.push(...(o.keyword ? [o.keyword, value] : [value]));
  }
  return { text: parts.join(' ').replace(/\s+/g, ' ').trim(), options };
}

/** Whether a member's permission bitfield (a decimal string from Discord) includes Manage Server. */
export function hasManageGuild(permissions: string | bigint | null | undefined): boolean {
  if (permissions === null || permissions === undefined || permissions === '') return false;
  try {
    const bits = typeof permissions === 'bigint' ? permissions : BigInt(permissions);
    return (bits & MANAGE_GUILD) === MANAGE_GUILD;
  } catch {
    return false;
  }
}

/** The focused option of an autocomplete interaction, with its subcommand. */
export function focusedOption(received: readonly ReceivedOption[]): { subcommand?: string; name: string; value: string } | undefined {
  for (const opt of received) {
    if (opt.type === SUBCOMMAND) {
      const inner = focusedOption(opt.options ?? []);
      if (inner) return { ...inner, subcommand: opt.name };
    } else if (opt.focused) {
      return { name: opt.name, value: String(opt.value ?? '') };
    }
  }
  return undefined;
}
