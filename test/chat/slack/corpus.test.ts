import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBriefing, renderDigest } from '../../../src/chat/slack/render.js';
import { loadFolder } from '../../../src/news/load.js';
import type { Story } from '../../../src/news/types.js';
import { silentLogger } from '../../../src/log.js';
import { validateSlackMessage } from '../../fakes/slack/validate.js';

/** Every real article of the shared corpora, rendered for Slack: each message must be one Slack accepts. */

const corpusRoot = process.env.NEWSBRIEF_CORPUS;

describe.runIf(corpusRoot !== undefined)('Slack rendering over the shared corpora', () => {
  for (const name of ['bbc', 'cnn']) {
    it(`renders every ${name} article as valid Block Kit, in briefings and one long digest`, async () => {
      const { documents } = await loadFolder(path.resolve(corpusRoot!, name, 'articles'), { maxFileBytes: 2 * 1024 * 1024, logger: silentLogger });
      expect(documents.length).toBeGreaterThan(900);
      // The first two paragraphs stand in for the key sentences: real text is what matters here.
      const stories: Story[] = documents.map((doc) => ({
        doc,
        summary: { docId: doc.id, headline: doc.title, keyPoints: [], entities: [], keyPhrases: [] },
        sentences: doc.text.split('\n').slice(0, 2),
        related: [],
      }));
      const problems: string[] = [];
      const check = (messages: ReturnType<typeof renderBriefing>, label: string) => {
        for (const [i, m] of messages.entries()) {
          for (const p of validateSlackMessage(m, { maxBlockChars: 10_000 })) problems.push(`${label}#${i}: ${p}`);
        }
      };
      for (let i = 0; i < stories.length; i += 5) {
        check(renderBriefing({ topic: stories[i]!.doc.tags[0], generatedAt: new Date(), stories: stories.slice(i, i + 5), suggestions: [] }), `briefing ${i}`);
      }
      // Whole articles as the "sentences": the worst case for length limits, on real text.
      const whole = stories.slice(0, 200).map((s) => ({ ...s, sentences: [s.doc.text] }));
      check(renderDigest({ title: `All of ${name}`, generatedAt: new Date(), groups: [{ topic: name, stories: whole }] }), 'digest');
      expect(problems.slice(0, 10)).toEqual([]);
    }, 120_000);
  }
});
