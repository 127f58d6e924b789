/**
 * Which sentences of a document become its key points. Kept apart from summarize.ts so the
 * method can be tuned against `npm run eval` without touching the rest of the summary.
 */

export interface KeyPointInput {
  title: string;
  /** The body's sentences in document order (headings excluded). */
  sentences: string[];
}

export interface KeyPointOptions {
  /** At most this many sentences (3 in the bot). */
  max: number;
  /** Stop adding sentences once their total length would pass this many characters. */
  charBudget: number;
}

/** Indices into `sentences`, ascending (document order). First version: the lead. */
export function selectKeyPoints(input: KeyPointInput, opts: KeyPointOptions): number[] {
  const picked: number[] = [];
  let used = 0;
  for (let i = 0; i < input.sentences.length && picked.length < opts.max; i++) {
    const len = input.sentences[i]!.length;
    if (picked.length > 0 && used + len > opts.charBudget) break;
    picked.push(i);
    used += len;
  }
  return picked;
}
