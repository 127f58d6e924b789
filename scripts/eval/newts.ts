import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stemmer } from 'stemmer';
import { z } from 'zod';
import { buildLibrary, makeDocument, type Library, type NewsDocument } from '../../src/news/index.js';
import { NgramReference } from './fast-rouge.js';
import { leadSentences } from './lead.js';
import { loadArticles, loadForRetrieval } from './pipeline.js';

/**
 * The NEWTS focus measure (../shared/corpus/newts/README.md): for each article and each of its
 * two topics, ask /brief the first of the topic's words that occurs in the article, take the
 * sentences the briefing shows for that article, and score them (ROUGE-2 F1, rouge-score's
 * tokenization with Porter stemming) against the asked topic's summary ("own") and the other's.
 * Focus ratio = mean own / mean other. A topic the briefing does not answer scores 0 on both.
 */

const rowSchema = z.object({
  i: z.number(),
  docId: z.string(),
  article: z.string(),
  words1: z.array(z.string()),
  summary1: z.string(),
  words2: z.array(z.string()),
  summary2: z.string(),
});

export interface NewtsArticle {
  i: number;
  article: string;
  topics: [{ words: string[]; summary: string }, { words: string[]; summary: string }];
}

export function readNewts(file: string): NewtsArticle[] {
  if (!existsSync(file)) throw new Error(`no NEWTS file at ${file}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, n) => {
      const parsed = rowSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${n + 1} is not a NEWTS row: ${z.prettifyError(parsed.error)}`);
      const r = parsed.data;
      return {
        i: r.i,
        article: r.article,
        topics: [
          { words: r.words1, summary: r.summary1 },
          { words: r.words2, summary: r.summary2 },
        ],
      };
    });
}

/** rouge-score's tokenizer with its Porter stemmer on: lowercase, [a-z0-9]+, words over 3 letters stemmed. */
export function stemmedTokens(text: string): string[] {
  const raw = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  if (raw === '') return [];
  return raw.split(' ').map((t) => (t.length > 3 ? stemmer(t) : t));
}

/** What a user would type for the topic: the first of its words the article has as a whole word. */
export function promptFor(words: readonly string[], article: string): string | undefined {
  const lower = article.toLowerCase();
  return words.find((w) => new RegExp(`(?<![a-z0-9])${w.toLowerCase().replace(/[^a-z0-9]/g, '')}(?![a-z0-9])`).test(lower));
}

export interface FocusRow {
  system: string;
  own: number;
  other: number;
  ratio: number;
  /** Topics with no answer for the article (scored 0). */
  noMatch: number;
  /** Mean words shown. */
  words: number;
}

export interface FocusReport {
  articles: number;
  topics: number;
  rows: FocusRow[];
  /** The topic briefing's row (also in rows). */
  briefing: FocusRow;
}

class FocusMean {
  own = 0;
  other = 0;
  n = 0;
  noMatch = 0;
  words = 0;
  add(shown: string[] | undefined, own: NgramReference, other: NgramReference): void {
    this.n++;
    if (!shown || shown.length === 0) {
      this.noMatch++;
      return;
    }
    const text = shown.join('\n');
    this.own += own.score(text).rouge2;
    this.other += other.score(text).rouge2;
    this.words += text.split(/\s+/).filter((w) => w !== '').length;
  }
  row(system: string): FocusRow {
    const r2 = (v: number) => Math.round(v * 100) / 100;
    const own = this.n === 0 ? 0 : (this.own / this.n) * 100;
    const other = this.n === 0 ? 0 : (this.other / this.n) * 100;
    return { system, own: r2(own), other: r2(other), ratio: Math.round((own / Math.max(1e-9, other)) * 1000) / 1000, noMatch: this.noMatch, words: r2(this.words / Math.max(1, this.n)) };
  }
}

function newtsDocument(a: NewtsArticle): NewsDocument {
  const doc = makeDocument({ body: a.article, publishedAt: new Date(Date.UTC(2020, 0, 1)), path: `newts/${a.i}.txt`, tags: [] });
  if (!doc) throw new Error(`NEWTS article ${a.i} has no text`);
  return doc;
}

/**
 * The focus table: the bot's topic briefing beside Lead-2 and the generic key points (both ignore
 * the topic). The library holds all the articles, so rarity means what it does in production.
 */
export function evaluateFocus(articles: NewtsArticle[], only?: (k: number) => boolean, background: readonly NewsDocument[] = []): FocusReport {
  return focusRunner(articles, background)(only);
}

/**
 * Builds the library once; each call of the result asks every topic again (for tuning loops),
 * or only the topics of the articles at the places `only` accepts (the library still holds all).
 */
export function focusRunner(articles: NewtsArticle[], background: readonly NewsDocument[] = []) {
  const docs = articles.map(newtsDocument);
  const now = new Date(Date.UTC(2020, 0, 2));
  const library = buildLibrary([...docs, ...background], { clock: { now: () => now } });
  const refs = articles.map((a) => a.topics.map((t) => new NgramReference(t.summary, stemmedTokens)));
  const prompts = articles.map((a) => a.topics.map((t) => promptFor(t.words, a.article)));
  const run = (groupsOf: (k: number) => readonly FocusGroup[]) => runFocus(articles, docs, library, refs, prompts, now, groupsOf);
  return Object.assign(
    (only: (k: number) => boolean = () => true) => {
      const g = new FocusGroup();
      run((k) => (only(k) ? [g] : []));
      return g.report();
    },
    {
      /** The whole file and each half in one pass. */
      halves(): { whole: FocusReport; tuning: FocusReport; heldOut: FocusReport } {
        const whole = new FocusGroup();
        const halves = [new FocusGroup(), new FocusGroup()] as const;
        run((k) => [whole, halves[k % 2]!]);
        return { whole: whole.report(), tuning: halves[0].report(), heldOut: halves[1].report() };
      },
    },
  );
}

/**
 * The sentences /brief shows for document `id` when asked `prompt`, as if every matching story
 * were asked for; undefined when the story is not shown (not found, or folded into another one
 * as its duplicate). Asked with a growing limit: a story's place and sentences do not depend on
 * the limit, and duplicate folding costs the square of it.
 */
export function shownFor(library: Library, prompt: string, id: string, now: Date): string[] | undefined {
  for (let limit = 16; ; limit *= 4) {
    const res = library.brief(prompt, { limit, now });
    if (res.kind !== 'ok') return undefined;
    const stories = res.briefing.stories;
    const story = stories.find((s) => s.doc.id === id);
    if (story) return story.sentences;
    if (stories.length < limit || stories.some((s) => s.related.some((d) => d.id === id))) return undefined;
  }
}

/** The rows of one group of articles. */
class FocusGroup {
  readonly lead2 = new FocusMean();
  readonly keyPoints = new FocusMean();
  readonly briefing = new FocusMean();
  topics = 0;
  articles = 0;
  report(): FocusReport {
    const row = this.briefing.row('newsbrief /brief <first topic word>');
    return { articles: this.articles, topics: this.topics, rows: [this.lead2.row('Lead-2 (ignores the topic)'), this.keyPoints.row('generic key points (ignore the topic)'), row], briefing: row };
  }
}

/** Asks every topic of the articles `groupOf` puts in a group (undefined: none), once, and reports per group. */
function runFocus(
  articles: NewtsArticle[],
  docs: NewsDocument[],
  library: Library,
  allRefs: NgramReference[][],
  prompts: (string | undefined)[][],
  now: Date,
  groupsOf: (k: number) => readonly FocusGroup[],
): void {
  articles.forEach((a, k) => {
    const groups = groupsOf(k);
    if (groups.length === 0) return;
    for (const g of groups) g.articles++;
    const doc = docs[k]!;
    const refs = allRefs[k]!;
    a.topics.forEach((_, j) => {
      const own = refs[j]!;
      const other = refs[1 - j]!;
      const lead2 = leadSentences(a.article.split('\n')).slice(0, 2);
      const keyPoints = library.summaryOf(doc.id)?.keyPoints;
      const prompt = prompts[k]![j];
      const shown = prompt === undefined ? undefined : shownFor(library, prompt, doc.id, now);
      for (const g of groups) {
        g.topics++;
        g.lead2.add(lead2, own, other);
        g.keyPoints.add(keyPoints, own, other);
        g.briefing.add(shown, own, other);
      }
    });
  });
}

/**
 * Background documents for a library the size of a small production one: every BBC and CNN
 * article under `root` beside the NEWTS ones (they are never asked about, they only make the
 * library's word statistics what a bigger library's are).
 */
export async function loadBackground(root: string): Promise<NewsDocument[]> {
  const out: NewsDocument[] = [];
  for (const name of ['bbc', 'cnn']) {
    const dir = path.join(root, name);
    if (!existsSync(dir)) continue;
    out.push(...(name === 'cnn' ? (await loadForRetrieval(dir)).docs : await loadArticles(dir)));
  }
  return out;
}

export interface FocusHalves {
  /** Library of the NEWTS articles alone, or with background documents. */
  library: string;
  documents: number;
  whole: FocusReport;
  /** Articles at even places (the half the weights are tuned on). */
  tuning: FocusReport;
  /** Articles at odd places (held out). */
  heldOut: FocusReport;
}

/** The focus table for the whole file and each half, over one library. */
export function focusHalves(articles: NewtsArticle[], library: string, background: readonly NewsDocument[] = []): FocusHalves {
  return { library, documents: articles.length + background.length, ...focusRunner(articles, background).halves() };
}
