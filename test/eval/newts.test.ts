import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildLibrary } from '../../src/news/index.js';
import { evaluateFocus, focusHalves, promptFor, readNewts, shownFor, stemmedTokens } from '../../scripts/eval/newts.js';
import { doc } from '../news/fixtures.js';

const corpus = process.env.NEWSBRIEF_CORPUS;
const newtsFile = corpus ? path.join(corpus, 'newts', 'newts-even.jsonl') : '';

describe('the NEWTS focus measure', () => {
  it('asks the first of the topic words that the article has as a whole word', () => {
    expect(promptFor(['snow', 'weather', 'cold'], 'Fog and bad weather slowed the rescue; snowfall was light.')).toBe('weather');
    expect(promptFor(['snow'], 'Nothing about it.')).toBeUndefined();
  });

  it('tokenizes like rouge-score with its stemmer: words over three letters stemmed', () => {
    expect(stemmedTokens('The rescuers were rescuing cats')).toEqual(['the', 'rescuer', 'were', 'rescu', 'cat']);
  });

  it.runIf(corpus && existsSync(newtsFile))('scores the lead as ignoring the topic and reports the briefing beside it', () => {
    const report = evaluateFocus(readNewts(newtsFile).slice(0, 40));
    expect(report.topics).toBe(80);
    const [lead, , briefing] = report.rows;
    expect(lead!.ratio).toBeCloseTo(1, 5);
    expect(briefing!.ratio).toBeGreaterThan(1);
    expect(briefing!.noMatch).toBeLessThan(80);
  });

  it('finds a story deep in the ranking with a growing limit, as asking for every story would', () => {
    const docs = Array.from({ length: 40 }, (_, i) =>
      doc(`Harbour ${i}`, [`The harbour ${'was busy '.repeat(i % 7)}on day ${i} of the ${['regatta', 'strike', 'storm', 'festival'][i % 4]}.`, `Boats number ${i} and ${i + 1} left early.`], { date: `2024-05-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z` }),
    );
    const now = new Date('2024-06-01T00:00:00Z');
    const library = buildLibrary(docs, {});
    const all = library.brief('harbour', { limit: 1000, now });
    if (all.kind !== 'ok') throw new Error('expected a briefing');
    const last = all.briefing.stories[all.briefing.stories.length - 1]!;
    expect(all.briefing.stories.length).toBeGreaterThan(16);
    expect(shownFor(library, 'harbour', last.doc.id, now)).toEqual(last.sentences);
    expect(shownFor(library, 'harbour', 'no such story', now)).toBeUndefined();
  });

  it.runIf(corpus && existsSync(newtsFile))('reports each half, and the whole as their mean', () => {
    const h = focusHalves(readNewts(newtsFile).slice(0, 20), 'the NEWTS articles');
    expect(h.tuning.topics + h.heldOut.topics).toBe(h.whole.topics);
    expect(h.whole.briefing.own).toBeCloseTo((h.tuning.briefing.own + h.heldOut.briefing.own) / 2, 1);
  });
});
