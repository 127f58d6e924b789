import type { EvalArticle } from './corpus.js';
import { cutWords, leadSentences } from './lead.js';
import { RougeMean, scoreRouge, type RougeScores } from './rouge.js';

/**
 * Summary quality in the two settings of the eval:
 *   (a) "as shown": the bot's key points (up to three sentences) beside Lead-3;
 *   (b) "75 words": every system cut at its 75th whitespace word, beside the article's first 75.
 */

export const WORD_BUDGET = 75;

export interface SummaryReport {
  articles: number;
  /** Articles the bot produced no key points for (scored as zero). */
  missing: number;
  asShown: { lead3: RougeScores; keypoints: RougeScores };
  words75: { lead75: RougeScores; keypoints: RougeScores };
  /** Mean words in the bot's key points as shown. */
  keypointWords: number;
}

/** `keyPointsOf` returns the bot's key points for an article in document order, or undefined. */
export function evaluateSummaries(
  articles: EvalArticle[],
  keyPointsOf: (article: EvalArticle) => string[] | undefined,
): SummaryReport {
  const lead3 = new RougeMean();
  const lead75 = new RougeMean();
  const kpShown = new RougeMean();
  const kp75 = new RougeMean();
  let missing = 0;
  let words = 0;
  for (const a of articles) {
    const reference = a.reference.join('\n');
    const lead = leadSentences(a.paragraphs);
    lead3.add(scoreRouge(lead.slice(0, 3).join('\n'), reference));
    lead75.add(scoreRouge(cutWords(lead, WORD_BUDGET), reference));
    const kp = keyPointsOf(a);
    if (!kp || kp.length === 0) missing++;
    const points = kp ?? [];
    words += points.join(' ').split(/\s+/).filter((w) => w !== '').length;
    kpShown.add(scoreRouge(points.join('\n'), reference));
    kp75.add(scoreRouge(cutWords(points, WORD_BUDGET), reference));
  }
  return {
    articles: articles.length,
    missing,
    asShown: { lead3: lead3.result(), keypoints: kpShown.result() },
    words75: { lead75: lead75.result(), keypoints: kp75.result() },
    keypointWords: articles.length === 0 ? 0 : Math.round((words / articles.length) * 10) / 10,
  };
}
