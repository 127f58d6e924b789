import { z } from 'zod';
import type { webApi } from '@slack/bolt';
import type { ChannelRef, PostResult, Reply } from '../reply.js';
import { parseChannelRef } from '../reply.js';
import type { Logger } from '../../log.js';
import { blockTextLength, type SlackMessage } from './blocks.js';
import { renderReply } from './render.js';
import { classifyError, type PostFailure } from './post-errors.js';

/**
 * Posting to a channel (scheduled digests) and finding an earlier post by its idempotency key.
 * The WebClient given here must reject rate-limited calls (rejectRateLimitedCalls) and not retry
 * on its own: a retried post after a 5xx may already have landed, so that call is the caller's.
 */

export const METADATA_EVENT = 'newsbrief_digest';

export interface PosterOptions {
  /** Longest Retry-After worth waiting for inside one post; longer ones go back to the caller. */
  maxRateLimitWaitMs?: number;
  /** 429s in a row before giving up. */
  maxRateLimitRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const postResponse = z.object({ ts: z.string() }).loose();
const historyResponse = z
  .object({
    messages: z
      .array(
        z
          .object({
            ts: z.string().optional(),
            metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).loose().optional(),
          })
          .loose(),
      )
      .default([]),
    has_more: z.boolean().optional(),
    response_metadata: z.object({ next_cursor: z.string().optional() }).loose().optional(),
  })
  .loose();

/** Slack's own limits (not the renderer's margins): a message past them is refused. */
const SLACK_LIMITS = { blocks: 50, headerText: 150, sectionText: 3000, contextElements: 10, blockText: 12_000, text: 40_000 };

/**
 * What Slack would refuse in this message (invalid_blocks, msg_too_long), checked before sending:
 * the renderer keeps within the limits, so a problem here is a bug, reported as one, and the
 * message is not sent at all.
 */
export function messageProblems(message: SlackMessage): string[] {
  const problems: string[] = [];
  if (message.blocks.length > SLACK_LIMITS.blocks) problems.push(`${message.blocks.length} blocks (at most ${SLACK_LIMITS.blocks})`);
  if (message.text.length > SLACK_LIMITS.text) problems.push(`text of ${message.text.length} characters (at most ${SLACK_LIMITS.text})`);
  let total = 0;
  for (const [i, block] of message.blocks.entries()) {
    const length = blockTextLength(block);
    total += length;
    if (block.type === 'header' && length > SLACK_LIMITS.headerText) problems.push(`block ${i}: header of ${length} characters`);
    if (block.type === 'section' && (length === 0 || length > SLACK_LIMITS.sectionText)) problems.push(`block ${i}: section of ${length} characters`);
    if (block.type === 'context' && (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements)) {
      problems.push(`block ${i}: context with ${block.elements.length} elements`);
    }
  }
  if (total > SLACK_LIMITS.blockText) problems.push(`${total} characters of block text (at most ${SLACK_LIMITS.blockText})`);
  return problems;
}

/** Keys already posted by this process, so one key never makes two posts even without a lookup. */
const REMEMBERED_KEYS = 1000;

export class SlackPoster {
  private readonly posted = new Map<string, string[]>();
  private readonly maxWaitMs: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
    opts: PosterOptions = {},
  ) {
    this.maxWaitMs = opts.maxRateLimitWaitMs ?? 30_000;
    this.maxRetries = opts.maxRateLimitRetries ?? 3;
    this.sleep = opts.sleep ?? sleepMs;
  }

  async post(channel: ChannelRef, reply: Reply, key?: string): Promise<PostResult> {
    const target = parseChannelRef(channel);
    if (!target || target.platform !== 'slack') {
      return { ok: false, error: 'channel_not_found', permanent: true, detail: `not a Slack channel: ${channel}` };
    }
    const messages = renderReply(reply);
    const problems = messages.flatMap((m, i) => messageProblems(m).map((p) => (messages.length > 1 ? `message ${i + 1}: ${p}` : p)));
    if (problems.length > 0) {
      this.logger.error({ channel, problems }, 'BUG: a rendered Slack message breaks Slack limits; not sent');
      return { ok: false, error: 'invalid_message', permanent: true, detail: `not sent, it breaks Slack limits: ${problems.join('; ')}` };
    }
    const earlier = key ? this.posted.get(key) : undefined;
    if (earlier && earlier.length >= messages.length) return { ok: true, messageIds: earlier };

    // Parts that went out before a failure are not sent again when the same key is retried.
    const ids: string[] = earlier ? [...earlier] : [];
    for (const [i, message] of messages.entries()) {
      if (i < ids.length) continue;
      const result = await this.postOne(target.id, message, key ? { key, part: i + 1, parts: messages.length } : undefined);
      if (!result.ok) {
        const detail = ids.length > 0 ? `${result.detail} (after ${ids.length} of ${messages.length} messages)` : result.detail;
        this.logger.warn({ channel, error: result.error, detail }, 'slack post failed');
        return { ...result, detail };
      }
      ids.push(result.ts);
      if (key) this.remember(key, ids);
    }
    return { ok: true, messageIds: ids };
  }

  private remember(key: string, ids: string[]): void {
    this.posted.delete(key);
    this.posted.set(key, [...ids]);
    if (this.posted.size > REMEMBERED_KEYS) {
      const oldest = this.posted.keys().next();
      if (!oldest.done) this.posted.delete(oldest.value);
    }
  }

  private async postOne(
    channelId: string,
    message: SlackMessage,
    meta: { key: string; part: number; parts: number } | undefined,
  ): Promise<{ ok: true; ts: string } | PostFailure> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.client.chat.postMessage({
          channel: channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(meta ? { metadata: { event_type: METADATA_EVENT, event_payload: meta } } : {}),
        });
        const parsed = postResponse.safeParse(res);
        if (!parsed.success) return { ok: false, error: 'unknown', permanent: false, detail: 'chat.postMessage returned no ts' };
        return { ok: true, ts: parsed.data.ts };
      } catch (err) {
        const failure = classifyError(err);
        const wait = failure.retryAfterMs;
        // A 429 means Slack did not take the message, so waiting and sending it again is safe.
        if (failure.error === 'rate_limited' && wait !== undefined && wait <= this.maxWaitMs && attempt < this.maxRetries) {
          this.logger.info({ channel: channelId, waitMs: wait }, 'slack rate limited; waiting');
          await this.sleep(wait);
          continue;
        }
        return failure;
      }
    }
  }

  /** Whether a message carrying this key was posted to the channel after `since`. */
  async findPosted(channel: ChannelRef, key: string, since: Date): Promise<boolean | 'unknown'> {
    if ((this.posted.get(key)?.length ?? 0) > 0) return true;
    const target = parseChannelRef(channel);
    if (!target || target.platform !== 'slack') return 'unknown';
    let cursor: string | undefined;
    try {
      // A digest channel sees a few hundred messages a day at most; ten pages is plenty.
      for (let page = 0; page < 10; page++) {
        const res = historyResponse.parse(
          await this.client.conversations.history({
            channel: target.id,
            oldest: (since.getTime() / 1000).toFixed(6),
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const found = res.messages.some((m) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.['key'] === key);
        if (found) return true;
        cursor = res.response_metadata?.next_cursor;
        if (!res.has_more || !cursor) return false;
      }
      return 'unknown';
    } catch (err) {
      const failure = classifyError(err);
      this.logger.warn({ channel, error: failure.error, detail: failure.detail }, 'slack history lookup failed');
      return 'unknown';
    }
  }
}
