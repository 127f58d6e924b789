/** Checking a topic typed by a user before it reaches the index. */

export const MAX_TOPIC_CHARS = 200;

export type TopicCheck = { ok: true; topic: string } | { ok: false; reason: string };

// Slack (<@U123>, <!channel>, <#C1|x>) and Discord (<@123>, <@&123>, <#123>) mention syntax, and
// the bare broadcast words: a topic is echoed back, so it must never carry a ping.
const MENTION = /<[@!#][^>]*>|@(?:everyone|here|channel)\b/i;

export function checkTopic(raw: string): TopicCheck {
  if (/\p{Cc}/u.test(raw.replace(/^[\s]+|[\s]+$/g, ''))) {
    return { ok: false, reason: 'The topic contains control characters (such as a line break or tab); type it on one line.' };
  }
  const topic = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (topic === '') return { ok: false, reason: 'The topic is empty: say what to brief on, for example “china”.' };
  const length = [...topic].length;
  if (length > MAX_TOPIC_CHARS) {
    return { ok: false, reason: `The topic is too long (${length} characters; at most ${MAX_TOPIC_CHARS}).` };
  }
  if (!/[\p{L}\p{N}]/u.test(topic)) {
    return { ok: false, reason: 'The topic has no letters or digits (emoji and symbols alone cannot be searched).' };
  }
  if (MENTION.test(topic)) return { ok: false, reason: 'The topic cannot contain mentions such as @here or a user.' };
  return { ok: true, topic };
}
