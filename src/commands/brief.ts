import type { Reply } from '../chat/reply.js';
import type { Library } from '../news/library-api.js';
import { checkTopic } from '../news/topic-input.js';
import { UserError } from '../errors.js';
import { USAGE } from './help.js';

export function briefCommand(library: Library, text: string, opts: { stories: number; now: Date }): Reply {
  const raw = text.trim();
  let topic: string | undefined;
  if (raw !== '') {
    const checked = checkTopic(raw);
    if (!checked.ok) throw new UserError('usage', `${checked.reason}\nUsage: ${USAGE.brief}`);
    topic = checked.topic;
  }
  const result = library.brief(topic, { limit: opts.stories, now: opts.now });
  if (result.kind === 'no_match') {
    const known = result.suggestions.length > 0 ? ` Topics I do know: ${result.suggestions.join(', ')}.` : '';
    return { kind: 'error', code: 'no_match', text: `I have no news on “${result.topic}”.${known}` };
  }
  if (result.briefing.stories.length === 0) {
    return { kind: 'text', text: 'I have no documents loaded yet, so there is nothing to brief on.', private: true };
  }
  return { kind: 'briefing', briefing: result.briefing };
}
