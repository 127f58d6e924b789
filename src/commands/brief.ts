import { checkTopic } from '../news/topic-input.js';
import { UserError } from '../errors.js';
import { usageOf, type CommandDecl } from './command.js';

export const brief: CommandDecl = {
  name: 'brief',
  description: 'A short, sourced briefing on a topic; without one, the top stories now',
  examples: ['/brief china', '/brief tony blair'],
  options: [
    {
      name: 'topic',
      description: 'A word, a name or a phrase (china, tony blair, interest rates)',
      autocomplete: 'topic',
      maxLength: 100,
    },
  ],
  audience: 'channel',
  run({ args, library, clock, settings }) {
    let topic: string | undefined;
    if (args !== '') {
      const checked = checkTopic(args);
      if (!checked.ok) throw new UserError('usage', `${checked.reason}\nUsage: ${usageOf(brief)}`);
      topic = checked.topic;
    }
    const result = library().brief(topic, { limit: settings.storiesPerBriefing, now: clock.now() });
    if (result.kind === 'no_match') {
      const known = result.suggestions.length > 0 ? ` Topics I do know: ${result.suggestions.join(', ')}.` : '';
      return { kind: 'error', code: 'no_match', text: `I have no news on “${result.topic}”.${known}` };
    }
    if (result.briefing.stories.length === 0) {
      return { kind: 'text', text: 'I have no documents loaded yet, so there is nothing to brief on.', private: true };
    }
    return { kind: 'briefing', briefing: result.briefing };
  },
};
