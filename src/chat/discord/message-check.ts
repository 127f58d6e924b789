import type { RenderedMessage } from './render.js';
import { embedLength } from './render.js';
import { LIMITS } from './limits.js';

/**
 * What Discord would refuse in this message (50035 Invalid Form Body), checked before sending:
 * the renderer keeps within the limits, so a problem here is a bug, reported as one, and the
 * message is not sent at all.
 */
export function messageProblems(message: RenderedMessage): string[] {
  const problems: string[] = [];
  const content = message.content ?? '';
  if (content.length > LIMITS.content) problems.push(`content of ${content.length} characters (at most ${LIMITS.content})`);
  if (content.trim() === '' && message.embeds.length === 0) problems.push('an empty message');
  if (message.embeds.length > LIMITS.embedsPerMessage) problems.push(`${message.embeds.length} embeds (at most ${LIMITS.embedsPerMessage})`);
  const total = message.embeds.reduce((n, e) => n + embedLength(e), 0);
  if (total > LIMITS.embedTotal) problems.push(`${total} characters across embeds (at most ${LIMITS.embedTotal})`);
  for (const [i, e] of message.embeds.entries()) {
    if ((e.title?.length ?? 0) > LIMITS.title) problems.push(`embed ${i}: title of ${e.title?.length} characters`);
    if ((e.description?.length ?? 0) > LIMITS.description) problems.push(`embed ${i}: description of ${e.description?.length} characters`);
    if ((e.footer?.text.length ?? 0) > LIMITS.footer) problems.push(`embed ${i}: footer of ${e.footer?.text.length} characters`);
    if ((e.fields?.length ?? 0) > LIMITS.fields) problems.push(`embed ${i}: ${e.fields?.length} fields`);
  }
  return problems;
}
