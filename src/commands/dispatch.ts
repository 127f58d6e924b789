import type { CommandRequest, Dispatch, Reply, UserRef } from '../chat/reply.js';
import { APOLOGY } from '../chat/present.js';
import { UserError } from '../errors.js';
import {
  accessOf,
  audienceOf,
  findCommand,
  lowerFirst,
  findSubcommand,
  fullUsage,
  usageOf,
  type CommandDecl,
  type GroupCommandDecl,
  type CommandServices,
  type SubcommandDecl,
} from './command.js';
import { commands as registry } from './index.js';

const forbidden = (what: string): UserError =>
  new UserError('forbidden', `Only workspace or server admins (or the admins in the bot's config) can use ${what}.`);

const rightsUnknown = (): UserError =>
  new UserError('unavailable', 'I could not check your rights to do that here. Nothing was changed; please try again in a moment.');

/** Config `admins` (bare ids or "platform:id") first, then the platform's own answer. */
async function isAdmin(user: UserRef, req: CommandRequest, services: CommandServices): Promise<boolean> {
  const platform = req.channel.split(':', 1)[0];
  const admins = services.settings.admins;
  if (admins.includes(user.id) || admins.includes(`${platform}:${user.id}`)) return true;
  try {
    return await user.isAdmin();
  } catch (err) {
    services.logger.warn({ err: err instanceof Error ? err.message : String(err), channel: req.channel }, 'could not check admin rights');
    throw rightsUnknown();
  }
}

/** The subcommand and the text after it; usage errors for a missing, unknown or over-long one. */
function pickSubcommand(cmd: GroupCommandDecl, text: string): { sub: SubcommandDecl; args: string } {
  const [word = '', ...rest] = text.split(/\s+/);
  const args = rest.join(' ');
  const sub = findSubcommand(cmd, word);
  if (word === '') throw new UserError('usage', `Usage: ${fullUsage(cmd)}`);
  if (!sub) throw new UserError('usage', `Unknown /${cmd.name} subcommand “${word.slice(0, 40)}”.\nUsage: ${fullUsage(cmd)}`);
  checkArgs(cmd, sub, args);
  return { sub, args };
}

/** A subcommand without options takes no text; one with a required option needs some. */
function checkArgs(cmd: CommandDecl, sub: SubcommandDecl, args: string): void {
  const options = sub.options ?? [];
  const said = `/${cmd.name} ${sub.name}`;
  if (options.length === 0 && args !== '') throw new UserError('usage', `“${said}” takes nothing after it.\nUsage: ${usageOf(cmd, sub)}`);
  const missing = options.find((o) => o.required);
  if (missing && args === '') throw new UserError('usage', `“${said}” needs <${missing.placeholder ?? missing.name}>: ${lowerFirst(missing.description)}.\nUsage: ${usageOf(cmd, sub)}`);
}

/**
 * Finds the declared command, checks who may run it, runs it; always resolves to a Reply, never
 * throws. `commands` defaults to the registry; tests pass their own.
 */
export function createDispatcher(services: CommandServices, commands: readonly CommandDecl[] = registry): Dispatch {
  return async (incoming) => {
    const name = incoming.name.replace(/^\//, '').toLowerCase();
    const req: CommandRequest = { ...incoming, name, text: incoming.text.trim() };
    try {
      const cmd = findCommand(commands, name);
      if (!cmd) throw new UserError('usage', `Unknown command /${name.slice(0, 40)}. Try /help.`);
      let sub: SubcommandDecl | undefined;
      let args = req.text;
      if (cmd.subcommands) ({ sub, args } = pickSubcommand(cmd, req.text));
      if (accessOf(cmd, sub) === 'admins' && !(await isAdmin(req.user, req, services))) {
        throw forbidden(sub ? `/${cmd.name} ${sub.name}` : `/${cmd.name}`);
      }
      const run = sub?.run ?? (cmd.subcommands ? undefined : cmd.run);
      if (!run) throw new Error(`/${cmd.name} declares neither run nor a subcommand`);
      const reply = await run({ ...services, req, args, commands });
      // A command declared for the asker answers only the asker, whatever its run() says.
      return audienceOf(cmd, sub) === 'asker' && reply.kind === 'text' ? { ...reply, private: true } : reply;
    } catch (err) {
      if (err instanceof UserError) return { kind: 'error', code: err.code, text: err.message };
      services.logger.error({ err, command: name, channel: req.channel }, 'command failed');
      return internalError;
    }
  };
}

const internalError: Reply = { kind: 'error', code: 'internal', text: APOLOGY };
