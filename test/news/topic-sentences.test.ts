import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import type { NewsDocument } from '../../src/news/types.js';
import { doc } from './fixtures.js';

const now = new Date('2024-05-02T00:00:00Z');

function sentencesFor(docs: NewsDocument[], topic: string, title: string): string[] {
  const r = buildLibrary(docs, {}).brief(topic, { now, limit: 10 });
  if (r.kind !== 'ok') throw new Error(`no briefing for ${topic}`);
  const story = r.briefing.stories.find((s) => s.doc.title === title);
  if (!story) throw new Error(`${title} not in the briefing for ${topic}`);
  return story.sentences;
}

const filler = [
  doc('Markets calm', ['Shares rose slightly on Monday. Traders were quiet. The pound held steady against the dollar.']),
  doc('Rain expected', ['Forecasters expect rain across the north. Farmers welcomed the news after a dry month.']),
];

describe('the sentences a story shows for a topic', () => {
  it('shows a second sentence when only one sentence names the topic', () => {
    const d = doc('Bridge closed', [
      'The old bridge over the river was closed on Monday after engineers found cracks in two of its piers.',
      'Engineers said the cracks in the piers had widened since the spring inspection.',
      'Drivers face a detour of twenty miles.',
    ]);
    const shown = sentencesFor([d, ...filler], 'bridge', 'Bridge closed');
    expect(shown).toHaveLength(2);
    expect(shown[1]).toMatch(/cracks in the piers had widened/);
  });

  it('does not show a photo caption that repeats the sentence beside it', () => {
    const d = doc('Flood rescue', [
      'Rescuers pulled a family of four from the flood waters in Cumbria on Tuesday.',
      'Rescuers pull a family of four from the flood waters in Cumbria on Tuesday .',
      'The flood defences built in 2010 failed after two days of heavy rain, the council said.',
    ]);
    const shown = sentencesFor([d, ...filler], 'flood', 'Flood rescue');
    expect(shown).toHaveLength(2);
    expect(shown.filter((s) => /family of four/.test(s))).toHaveLength(1);
  });

  it('matches "won", which is no stop word', () => {
    const d = doc('Cup final', ['The crowd was loud all afternoon.', 'United won the cup with a late goal from their captain.']);
    const r = buildLibrary([d, ...filler], {}).brief('won', { now });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.briefing.stories[0]!.sentences[0]).toMatch(/United won the cup/);
  });
});
