import { existsSync, readFileSync } from 'node:fs';
import { stemmer } from 'stemmer';
import { z } from 'zod';
import { buildLibrary, makeDocument, type Library, type NewsDocument } from '../../src/news/index.js';
import { NgramReference } from './fast-rouge.js';
import { leadSentences } from './lead.js';

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
export function evaluateFocus(articles: NewtsArticle[], only?: (k: number) => boolean): FocusReport {
  return focusRunner(articles)(only);
}

/**
 * Builds the library once; each call of the result asks every topic again (for tuning loops),
 * or only the topics of the articles at the places `only` accepts (the library still holds all).
 */
export function focusRunner(articles: NewtsArticle[]): (only?: (k: number) => boolean) => FocusReport {
  const docs = articles.map(newtsDocument);
  const now = new Date(Date.UTC(2020, 0, 2));
  const library = buildLibrary(docs, { clock: { now: () => now } });
  const refs = articles.map((a) => a.topics.map((t) => new NgramReference(t.summary, stemmedTokens)));
  const prompts = articles.map((a) => a.topics.map((t) => promptFor(t.words, a.article)));
  return (only) => runFocus(articles, docs, library, refs, prompts, now, only);
}

function runFocus(
  articles: NewtsArticle[],
  docs: NewsDocument[],
  library: Library,
  allRefs: NgramReference[][],
  prompts: (string | undefined)[][],
  now: Date,
  only: (k: number) => boolean = () => true,
): FocusReport {
  const lead2 = new FocusMean();
  const keyPoints = new FocusMean();
  const briefing = new FocusMean();
  let topics = 0;
  let asked = 0;
  articles.forEach((a, k) => {
    if (!only(k)) return;
    asked++;
    const doc = docs[k]!;
    const refs = allRefs[k]!;
    a.topics.forEach((_, j) => {
      topics++;
      const own = refs[j]!;
      const other = refs[1 - j]!;
      lead2.add(leadSentences(a.article.split('\n')).slice(0, 2), own, other);
      keyPoints.add(library.summaryOf(doc.id)?.keyPoints, own, other);
      const prompt = prompts[k]![j];
      let shown: string[] | undefined;
      if (prompt !== undefined) {
        const res = library.brief(prompt, { limit: docs.length, now });
        if (res.kind === 'ok') shown = res.briefing.stories.find((s) => s.doc.id === doc.id)?.sentences;
      }
      briefing.add(shown, own, other);
    });
  });
  const row = briefing.row('newsbrief /brief <first topic word>');
  return { articles: asked, topics, rows: [lead2.row('Lead-2 (ignores the topic)'), keyPoints.row('generic key points (ignore the topic)'), row], briefing: row };
}
