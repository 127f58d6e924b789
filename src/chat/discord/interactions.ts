import type { AutocompleteInteraction, ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';
import type { CommandRequest, Dispatch, Reply } from '../reply.js';
import { APOLOGY_REPLY, isPrivateReply, type ReplyVisibility } from '../present.js';
import { audienceOf, findCommand, findSubcommand, type CommandDecl } from '../../commands/command.js';
import type { Logger } from '../../log.js';
import { EPHEMERAL, NO_MENTIONS } from './limits.js';
import { renderReply, type RenderedMessage } from './render.js';
import { commandInput, focusedOption, hasManageGuild } from './request.js';
import { autocompleteChoices } from './autocomplete.js';

/**
 * How a command gets its answer:
 * - The answer is usually ready well inside Discord's 3 seconds, so it is sent as the interaction
 *   response directly, public or ephemeral as the Reply says (errors, refusals, usage: ephemeral).
 * - If it is not ready after `deferAfterMs`, the reply is deferred with the visibility the command
 *   usually has: its declared audience ('asker': ephemeral; 'channel': as `replyVisibility` says).
 *   When the answer then wants the other visibility, the deferred message is deleted and the
 *   answer goes out as a follow-up with the right one, since a defer's visibility cannot change.
 */
export interface InteractionOptions {
  logger: Logger;
  suggestTopics: (prefix: string) => string[];
  replyVisibility: ReplyVisibility;
  deferAfterMs: number;
  /** The declared commands: their options rebuild the text, their audience picks the deferral. */
  commands: readonly CommandDecl[];
}

function usuallyPrivate(req: CommandRequest, opts: InteractionOptions): boolean {
  const cmd = findCommand(opts.commands, req.name);
  // An unknown command is answered with a usage error: private.
  if (!cmd) return true;
  const sub = cmd.subcommands ? findSubcommand(cmd, req.options.subcommand) : undefined;
  if (cmd.subcommands && !sub) return true;
  return audienceOf(cmd, sub) === 'asker' || opts.replyVisibility === 'private';
}

function payload(msg: RenderedMessage, ephemeral: boolean): InteractionReplyOptions & { flags?: number } {
  return {
    ...(msg.content !== undefined ? { content: msg.content } : {}),
    embeds: msg.embeds,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: EPHEMERAL } : {}),
  };
}

export function requestFrom(i: ChatInputCommandInteraction, commands: readonly CommandDecl[]): CommandRequest {
  const { text, options } = commandInput(commands, i.commandName, i.options.data);
  return {
    name: i.commandName,
    text,
    options,
    channel: `discord:${i.channelId}`,
    user: {
      id: i.user.id,
      // Re-checked here even though /digest is hidden from non-admins: that setting is the server's to change.
      isAdmin: async () => i.inGuild() && hasManageGuild(i.memberPermissions?.bitfield),
    },
  };
}

async function runDispatch(dispatch: Dispatch, req: CommandRequest, logger: Logger): Promise<Reply> {
  try {
    return await dispatch(req);
  } catch (err) {
    logger.error({ err, command: req.name, channel: req.channel }, 'discord: command threw');
    return APOLOGY_REPLY;
  }
}

export async function answerCommand(i: ChatInputCommandInteraction, dispatch: Dispatch, opts: InteractionOptions): Promise<void> {
  const req = requestFrom(i, opts.commands);
  const work = runDispatch(dispatch, req, opts.logger);
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    work,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), opts.deferAfterMs);
    }),
  ]);
  clearTimeout(timer);

  if (early) {
    const ephemeral = isPrivateReply(early, opts.replyVisibility);
    const [first, ...rest] = renderReply(early);
    await i.reply(payload(first!, ephemeral));
    for (const msg of rest) await i.followUp(payload(msg, ephemeral));
    return;
  }

  const deferredPrivate = usuallyPrivate(req, opts);
  await i.deferReply(deferredPrivate ? { flags: EPHEMERAL } : {});
  const reply = await work;
  const ephemeral = isPrivateReply(reply, opts.replyVisibility);
  const messages = renderReply(reply);
  if (ephemeral !== deferredPrivate) {
    await i.deleteReply();
    for (const msg of messages) await i.followUp(payload(msg, ephemeral));
    return;
  }
  const [first, ...rest] = messages;
  const { flags: _flags, ...edit } = payload(first!, ephemeral);
  await i.editReply(edit);
  for (const msg of rest) await i.followUp(payload(msg, ephemeral));
}

export async function answerAutocomplete(i: AutocompleteInteraction, opts: InteractionOptions): Promise<void> {
  const focused = focusedOption(i.options.data);
  let choices: { name: string; value: string }[] = [];
  if (focused) {
    try {
      choices = autocompleteChoices(opts.commands, i.commandName, focused, opts.suggestTopics);
    } catch (err) {
      // An empty list still answers the interaction; the user just sees no suggestions.
      opts.logger.error({ err, command: i.commandName }, 'discord: autocomplete failed');
    }
  }
  await i.respond(choices);
}

/** After a failure while answering: tell the user privately if the interaction still allows it. */
export async function apologize(i: ChatInputCommandInteraction, logger: Logger): Promise<void> {
  const msg = payload(renderReply(APOLOGY_REPLY)[0]!, true);
  try {
    if (i.replied || i.deferred) await i.followUp(msg);
    else await i.reply(msg);
  } catch (err) {
    logger.warn({ err: errorSummary(err) }, 'discord: could not send the apology either');
  }
}

/** Errors from interaction webhooks carry the interaction token in their URL: log only the gist. */
export function errorSummary(err: unknown): { name?: string; message: string; code?: unknown; status?: unknown } {
  if (!(err instanceof Error)) return { message: String(err) };
  const rec = err as Error & { code?: unknown; status?: unknown };
  return { name: err.name, message: redactUrls(err.message), code: rec.code, status: rec.status };
}

export function redactUrls(s: string): string {
  return s.replace(/\/(webhooks|interactions)\/(\d+)\/[^/\s?]+/g, '/$1/$2/[token]');
}
