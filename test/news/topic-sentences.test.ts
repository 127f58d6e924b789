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

  it('shows the sentence about the House, not the White House, for house', () => {
    const d = doc('Budget vote', [
      'The White House said on Monday that the president would sign the budget if it passed.',
      'Officials at the White House welcomed the vote count as a sign of support.',
      'Teachers and nurses would get a pay rise of three per cent under the plan.',
      'The House voted 230 to 190 for the spending bill late on Tuesday night.',
    ]);
    expect(sentencesFor([d, ...filler], 'house', 'Budget vote')).toContainEqual(expect.stringMatching(/^The House voted/));
    // Asked about the White House, it is the White House that the story is shown for.
    const white = sentencesFor([d, ...filler], 'white house', 'Budget vote');
    expect(white).toContainEqual(expect.stringMatching(/^The White House said/));
    expect(white).not.toContainEqual(expect.stringMatching(/^The House voted/));
  });

  describe('in a story with two themes', () => {
    // The library knows what goes with music and what goes with a court case from other stories.
    const music = [
      doc('Chart news', ['The band topped the music charts with a new album of love songs, and the singer thanked fans.']),
      doc('Festival', ['The music festival line-up has a singer whose album of folk songs sold well.']),
      doc('Awards', ['The music album of the year went to a singer whose songs mix jazz and pop.']),
      doc('Tour', ['The singer will tour the album, playing the songs with a choir; music fans queued for tickets.']),
    ];
    const courts = [
      doc('Fraud case', ['The judge told the court the trial would last a month; the lawyer for the defence objected.']),
      doc('Appeal', ['A lawyer asked the judge to delay the trial after new evidence reached the court.']),
      doc('Verdict', ['The jury took two days; the judge thanked the court and the lawyer said the trial had been fair.']),
      doc('Hearing', ['At the court hearing the judge set a date for the trial and the lawyer for the family spoke.']),
    ];
    const story = doc('Star in court', [
      'Pop star Jane Roe appeared in court on Monday over a crash that injured a cyclist.',
      'Roe, whose music has topped the charts for a decade, denied careless driving.',
      'The cyclist needed surgery on his leg and spent three weeks in hospital after the crash.',
      'Her new album, recorded with a choir, comes out in May, and fans say the songs are her best.',
      'The lawyer for the cyclist told the judge the trial should start before the summer.',
    ]);
    const library = [story, ...music, ...courts, ...filler];

    it('prefers the sentence about the album when asked about music', () => {
      const shown = sentencesFor(library, 'music', 'Star in court');
      expect(shown).toHaveLength(2);
      expect(shown[0]).toMatch(/whose music has topped the charts/);
      expect(shown[1]).toMatch(/Her new album/);
    });

    it('prefers the sentence about the trial when asked about the court', () => {
      const shown = sentencesFor(library, 'court', 'Star in court');
      expect(shown).toHaveLength(2);
      expect(shown[0]).toMatch(/appeared in court/);
      expect(shown[1]).toMatch(/told the judge the trial/);
    });
  });
});
