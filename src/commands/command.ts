import type { CommandRequest, Reply } from '../chat/reply.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { Store } from '../store/store.js';
import type { FeedCommands } from '../sources/feeds/service.js';

/**
 * Everything about one command, in one place: the dispatcher, /help, Discord's application
 * commands, the Discord option → text rebuild, autocomplete and the deferral visibility are all
 * derived from these declarations (src/commands/index.ts lists them).
 */

/** Who may run a command or subcommand: anyone, or channel admins (platform admins + config `admins`). */
export type Access = 'everyone' | 'admins';

/**
 * Who usually sees its answers: 'channel' follows config `replyVisibility`; 'asker' is always
 * private. Errors, usage and refusals are private whatever this says (src/chat/present.ts).
 */
export type Audience = 'channel' | 'asker';

/** Suggestions offered while the option is typed: one topic, a space-separated topic list, an IANA time zone. */
export type Autocomplete = 'topic' | 'topics' | 'timezone';

export interface OptionDecl {
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: Autocomplete;
  minLength?: number;
  maxLength?: number;
  /** How usage lines show the value ("HH:MM", "topic …"); default the option's name. */
  placeholder?: string;
  /**
   * How the typed option goes back into the command line: without a keyword its value stands
   * alone ("china"); with one, it follows the keyword ("at 08:00").
   */
  keyword?: string;
}

/** What a command's run() gets: the request, the text after the (sub)command, and the services. */
export interface CommandContext extends CommandServices {
  req: CommandRequest;
  /** Everything after the command name, or after the subcommand for a command that has them. */
  args: string;
  /** The commands this dispatcher serves (what /help lists). */
  commands: readonly CommandDecl[];
}

/** The settings commands read; a slice of AppConfig, so tests can pass only these. */
export type CommandSettings = Pick<AppConfig, 'storiesPerBriefing' | 'admins' | 'defaultTimezone' | 'replyVisibility'> & {
  digest: Pick<AppConfig['digest'], 'maxPerChannel'>;
};

/** What digests need from the store: subscriptions, and what was composed and posted before. */
export type DigestStore = Pick<Store, 'subscriptions' | 'ledger' | 'posted'>;

/**
 * The services commands may use. A command that needs a new one adds one field here (optional
 * when not every entry point has it: the one-shot `npm run brief` has no store).
 */
export interface CommandServices {
  library(): Library;
  /** Absent without a database: /digest then says it is unavailable. */
  store?: DigestStore;
  /** Absent without a store (the one-shot `npm run brief`): /feeds then says it is unavailable. */
  feeds?: FeedCommands;
  clock: Clock;
  settings: CommandSettings;
  logger: Logger;
}

export type Run = (ctx: CommandContext) => Reply | Promise<Reply>;

export interface SubcommandDecl {
  name: string;
  /** One line, up to 100 characters (Discord's limit). */
  description: string;
  options?: readonly OptionDecl[];
  access?: Access;
  audience?: Audience;
  run: Run;
}

interface BaseDecl {
  name: string;
  /** One line, up to 100 characters (Discord's and Slack's limit); also the Slack manifest's. */
  description: string;
  /** Examples for /help ("/brief china"). */
  examples?: readonly string[];
  /** Who sees the command in Discord's command list before any server setting (default everyone). */
  listedFor?: Access;
}

export interface LeafCommandDecl extends BaseDecl {
  options?: readonly OptionDecl[];
  access?: Access;
  audience?: Audience;
  run: Run;
  subcommands?: undefined;
}

export interface GroupCommandDecl extends BaseDecl {
  subcommands: readonly SubcommandDecl[];
}

export type CommandDecl = LeafCommandDecl | GroupCommandDecl;

/** The usage line of a command or one subcommand: "/brief [topic]", "/digest subscribe [topic …] [at HH:MM] [tz Area/City]". */
export function usageOf(cmd: CommandDecl, sub?: SubcommandDecl): string {
  const head = sub ? `/${cmd.name} ${sub.name}` : `/${cmd.name}`;
  const options = sub?.options ?? (cmd.subcommands ? [] : cmd.options ?? []);
  return [head, ...options.map(optionUsage)].join(' ');
}

function optionUsage(o: OptionDecl): string {
  const shown = o.placeholder ?? o.name;
  if (o.keyword) return o.required ? `${o.keyword} ${shown}` : `[${o.keyword} ${shown}]`;
  return o.required ? `<${shown}>` : `[${shown}]`;
}

/** Every usage line of a command (one per subcommand), joined as /help and usage errors show them. */
export function fullUsage(cmd: CommandDecl): string {
  return cmd.subcommands ? cmd.subcommands.map((s) => usageOf(cmd, s)).join(' | ') : usageOf(cmd);
}

export function findCommand(commands: readonly CommandDecl[], name: string): CommandDecl | undefined {
  const wanted = name.replace(/^\//, '').toLowerCase();
  return commands.find((c) => c.name === wanted);
}

/** The subcommand a request names (Discord says it as an option; typed text as its first word). */
export function findSubcommand(cmd: GroupCommandDecl, name: string | undefined): SubcommandDecl | undefined {
  const wanted = (name ?? '').toLowerCase();
  return cmd.subcommands.find((s) => s.name === wanted);
}

/** Who usually sees the answers to this request: what Discord's deferral must pick before the answer exists. */
export function audienceOf(cmd: CommandDecl, sub: SubcommandDecl | undefined): Audience {
  return (sub ? sub.audience : cmd.subcommands ? undefined : cmd.audience) ?? 'channel';
}

/** Whether a command (or subcommand) runs only for admins. */
export function accessOf(cmd: CommandDecl, sub: SubcommandDecl | undefined): Access {
  return (sub ? sub.access : cmd.subcommands ? undefined : cmd.access) ?? 'everyone';
}

/** "The topics …" reads as "— the topics …" after a dash; an acronym at the start ("RSS feeds") is left alone. */
export function lowerFirst(s: string): string {
  return /^[A-Z](?![A-Z])/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
