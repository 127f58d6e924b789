import type { NewsDocument } from './types.js';
import { analyze, createVocabulary, leadParagraphs, sentenceTerms, type DocTerms, type SentenceTerms, type Vocabulary } from './terms.js';
import { RecentWindow, makeEntry } from './library-window.js';
import { parseTopic } from './query.js';
import { summarize } from './summarize.js';
import { ASSOCIATION_DOCS } from './associations.js';
import {
  FEEDBACK_DOCS,
  compileTopic,
  pickSentences,
  topicSentenceFeatures,
  topicWeights,
  type IdQuery,
  type SentenceFeatures,
  type TopicSentenceWeights,
} from './topic-sentences.js';

/**
 * Topic sentences without the briefing around them, for fitting their weights (scripts/eval/
 * fit-topic.ts): a library's documents analyzed and indexed as a library does, a topic compiled
 * from its best-matching stories as a briefing does, and the features and choice of one story's
 * sentences. It does not fold duplicates or fall back to key points.
 */
export class TopicSentenceBench {
  private readonly vocab: Vocabulary;
  private readonly terms: DocTerms[];
  private readonly window: RecentWindow;
  private readonly st: SentenceTerms[];
  /** Per asked document: its body sentences as shown. */
  readonly sentences: string[][];

  /** `asked` are the documents whose sentences are looked at; `background` only joins the library. */
  constructor(
    asked: readonly NewsDocument[],
    background: readonly NewsDocument[],
    private readonly now: Date,
  ) {
    this.vocab = createVocabulary();
    const all = [...asked, ...background];
    this.terms = all.map((d) => analyze(d, this.vocab));
    // Summaries are never read here; one stands in for all.
    const summary = summarize(all[0]!);
    this.window = new RecentWindow(this.vocab, Infinity, all.map((d, i) => makeEntry(d, summary, this.vocab, this.terms[i]!)));
    this.st = [];
    this.sentences = [];
    asked.forEach((doc, k) => {
      const paras = leadParagraphs(doc.text);
      this.st.push(sentenceTerms(this.terms[k]!, doc.text, paras, this.vocab));
      this.sentences.push(paras.flat());
    });
  }

  /**
   * The topic as a briefing compiles it, with feedback words and associations always counted
   * (whatever the current weights), so that any weights can be tried on it.
   */
  compile(topic: string): IdQuery {
    const q = parseTopic(topic);
    const best = this.window
      .search(q, this.now)
      .slice(0, Math.max(FEEDBACK_DOCS, ASSOCIATION_DOCS))
      .map((h) => this.terms[h.doc]!);
    return compileTopic(q, this.vocab, best.slice(0, FEEDBACK_DOCS), best, { feedback: 1, association: 1 });
  }

  features(k: number, q: IdQuery, w: TopicSentenceWeights = topicWeights): SentenceFeatures | undefined {
    return topicSentenceFeatures(this.terms[k]!, this.st[k]!, q, this.vocab, w);
  }

  /** The sentences (indices into sentences[k]) shown for asked document k under weights `w`. */
  pick(k: number, q: IdQuery, w: TopicSentenceWeights = topicWeights): number[] {
    if (w.sentences <= 0) return [];
    const f = this.features(k, q, w);
    return f ? pickSentences(f, this.st[k]!, w) : [];
  }
}
