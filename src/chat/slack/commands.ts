import { z } from 'zod';
import type { webApi } from '@slack/bolt';
import type { CommandRequest, Dispatch, Reply, UserRef } from '../reply.js';
import { channelRef } from '../../channels.js';
import type { Logger } from '../../log.js';
import { APOLOGY, isPrivateReply, type ReplyVisibility } from '../present.js';
import { LIMITS, mrkdwn, type SlackMessage } from './blocks.js';
import { renderReply, renderText } from './render.js';
import { redactTokens } from './bolt-logger.js';

/** From an acked slash command to the answer at its response_url. */

export type ResponseType = 'in_channel' | 'ephemeral';

export interface SlashCommand {
  command: string;
  text: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
}

export type Respond = (message: SlackMessage & { response_type: ResponseType; replace_original: false }) => Promise<unknown>;

const userInfo = z.object({
  user: z
    .object({ is_admin: z.boolean().optional(), is_owner: z.boolean().optional(), is_primary_owner: z.boolean().optional() })
    .loose(),
});

/**
 * Asked once, on first use: only commands declared for admins need it. A failed lookup rejects
 * (it does not mean "not admin"): the dispatcher then answers "could not check your rights, try
 * again" instead of a refusal the user cannot do anything about.
 */
export function slackAdminCheck(client: webApi.WebClient, userId: string, logger: Logger): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => {
    answer ??= client.users
      .info({ user: userId })
      .then((res) => {
        const { user } = userInfo.parse(res);
        return user.is_admin === true || user.is_owner === true || user.is_primary_owner === true;
      })
      .catch((err: unknown) => {
        logger.warn({ user: userId, err: redactTokens(String(err)) }, 'slack users.info failed; cannot tell whether the user is an admin');
        throw new Error(`users.info failed: ${redactTokens(String(err))}`);
      });
    return answer;
  };
}

/** Slack sends typed text with &, < and > as entities; commands want what the user typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function toCommandRequest(cmd: SlashCommand, isAdmin: () => Promise<boolean>): CommandRequest {
  const user: UserRef = { id: cmd.user_id, isAdmin };
  return {
    name: cmd.command.replace(/^\//, '').trim().toLowerCase(),
    text: unescapeSlack(cmd.text).trim(),
    options: {},
    user,
    channel: channelRef('slack', cmd.channel_id),
  };
}

/** Slack's name for what present.ts decides. */
export function responseTypeOf(reply: Reply, visibility: ReplyVisibility): ResponseType {
  return isPrivateReply(reply, visibility) ? 'ephemeral' : 'in_channel';
}

/** A response_url takes five answers; a longer reply keeps four and says what was left out. */
export function fitResponses(messages: SlackMessage[]): SlackMessage[] {
  if (messages.length <= LIMITS.responsesPerCommand) return messages;
  const kept = messages.slice(0, LIMITS.responsesPerCommand - 1);
  const left = messages.length - kept.length;
  const note = `${left} more ${left === 1 ? 'part was' : 'parts were'} left out: the reply was too long for Slack.`;
  return [...kept, { text: note, blocks: [{ type: 'context', elements: [mrkdwn(note)] }] }];
}

export interface AnswerDeps {
  dispatch: Dispatch;
  respond: Respond;
  logger: Logger;
  visibility: ReplyVisibility;
}

/** Runs the command and answers it; never throws (a failure becomes a short private apology). */
export async function answerCommand(req: CommandRequest, deps: AnswerDeps): Promise<void> {
  const { logger } = deps;
  let reply: Reply;
  try {
    reply = await deps.dispatch(req);
  } catch (err) {
    logger.error({ err, command: req.name, channel: req.channel }, 'slack command failed');
    reply = { kind: 'error', code: 'internal', text: APOLOGY };
  }
  let messages: SlackMessage[];
  try {
    messages = fitResponses(renderReply(reply));
  } catch (err) {
    logger.error({ err, command: req.name, kind: reply.kind }, 'slack render failed');
    reply = { kind: 'error', code: 'internal', text: APOLOGY };
    messages = renderText(APOLOGY, { warning: true });
  }
  const responseType = responseTypeOf(reply, deps.visibility);
  for (const message of messages) {
    try {
      await deps.respond({ ...message, response_type: responseType, replace_original: false });
    } catch (err) {
      // An expired or used-up response_url: nothing more can be said to this user.
      logger.warn({ err: redactTokens(String(err)), command: req.name, channel: req.channel }, 'slack respond failed');
      return;
    }
  }
}
