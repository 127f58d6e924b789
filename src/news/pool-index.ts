import type { NewsDocument } from './types.js';
import { BREAK, type DocTerms, type TermLookup, type Vocabulary } from './terms.js';
import { SearchIndex } from './search.js';

/**
 * A SearchIndex over a handful of documents (one briefing's candidates from memory and from the
 * archive), with their term ids renumbered 0, 1, 2 … for the occasion. The index keeps its
 * postings in arrays by term id; over the library's own ids (tens of thousands, up to millions
 * in an archive) a hundred documents would make them sparse and slow. The ranking is the same:
 * ids are only names for stems, and each keeps its stem and its stop-word mark.
 */
export class PoolRenumbering {
  /** Per library term id: its pool id + 1 while `stamp` marks it as seen this time. */
  private local = new Int32Array(0);
  private stamp = new Uint32Array(0);
  private generation = 0;

  constructor(private readonly vocab: Vocabulary) {}

  index(docs: readonly NewsDocument[], terms: readonly DocTerms[]): SearchIndex {
    if (this.local.length < this.vocab.size) {
      const size = Math.max(this.vocab.size, this.local.length * 2);
      this.local = new Int32Array(size);
      this.stamp = new Uint32Array(size);
      this.generation = 0;
    }
    const gen = ++this.generation;
    const { local, stamp, vocab } = this;
    const stop: boolean[] = [];
    // One buffer for all of them: a briefing would otherwise leave a hundred arrays behind.
    let total = 0;
    for (const t of terms) total += t.ids.length;
    const all = new Int32Array(total);
    let at = 0;
    const renumbered = terms.map((t): DocTerms => {
      const ids = all.subarray(at, (at += t.ids.length));
      for (let k = 0; k < t.ids.length; k++) {
        const id = t.ids[k]!;
        if (id === BREAK) {
          ids[k] = BREAK;
          continue;
        }
        if (stamp[id] !== gen) {
          stamp[id] = gen;
          local[id] = stop.length;
          stop.push(vocab.stop[id] ?? false);
        }
        ids[k] = local[id]!;
      }
      return { ids, titleEnd: t.titleEnd, leadEnd: t.leadEnd, acronyms: t.acronyms };
    });
    const lookup: TermLookup = {
      find(term) {
        const id = vocab.find(term);
        return id !== undefined && stamp[id] === gen ? local[id] : undefined;
      },
      stop,
      size: stop.length,
    };
    return new SearchIndex(docs, renumbered, lookup);
  }
}
