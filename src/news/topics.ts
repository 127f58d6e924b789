import { distance } from 'fastest-levenshtein';
import type { NewsDocument, Summary, TopicCount } from './types.js';
import { fold } from './sentences.js';
import { COUNTRY_BY_ACRONYM } from './countries.js';

/**
 * The topics a library can brief on: its tags, its documents' entities and key phrases,
 * counted by how many documents cover them. Also answers autocomplete.
 */

interface Topic {
  name: string;
  key: string;
  count: number;
  /** The key's words, for matching a prefix against any word ("blair" finds "tony blair"). */
  words: string[];
}

/** Fuzzy matching looks at this many of the most covered topics, to stay fast on big libraries. */
const FUZZY_POOL = 5000;

export class TopicCatalog {
  private readonly ranked: Topic[];

  constructor(docs: readonly NewsDocument[], summaryOf: (id: string) => Summary | undefined) {
    const byKey = new Map<string, { name: string; docs: Set<string>; fromTag: boolean }>();
    const add = (name: string, docId: string, fromTag: boolean): void => {
      const key = fold(name).replace(/\s+/g, ' ').trim();
      if (key.length < 2) return;
      let t = byKey.get(key);
      if (!t) byKey.set(key, (t = { name, docs: new Set(), fromTag }));
      t.docs.add(docId);
    };
    for (const doc of docs) {
      for (const tag of doc.tags) {
        // A tag that is a country's code ("us") is that country, as its entity is.
        const country = COUNTRY_BY_ACRONYM.get(tag.toUpperCase());
        add(country ? country.name : tag, doc.id, !country);
      }
      const s = summaryOf(doc.id);
      if (!s) continue;
      // A source's own name ("CNN" in every CNN story) tells its stories apart from nothing.
      const source = doc.source === undefined ? '' : fold(doc.source).trim();
      for (const e of s.entities) if (fold(e.text) !== source) add(e.text, doc.id, false);
      for (const p of s.keyPhrases) add(p, doc.id, false);
    }
    const everywhere = docs.length > 1 ? docs.length : Infinity;
    this.ranked = [...byKey.entries()]
      // A tag on every document ("articles") tells nothing apart.
      .filter(([, t]) => !(t.fromTag && t.docs.size >= everywhere))
      .map(([key, t]) => ({ name: t.name, key, count: t.docs.size, words: key.split(' ') }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  get size(): number {
    return this.ranked.length;
  }

  top(limit: number): TopicCount[] {
    return this.ranked.slice(0, Math.max(0, limit)).map((t) => ({ name: t.name, count: t.count }));
  }

  /** Topics starting with the prefix (or with a word that does), then the closest by spelling. */
  suggest(prefix: string, limit = 25): string[] {
    const p = fold(prefix).replace(/\s+/g, ' ').trim();
    if (limit <= 0) return [];
    if (p === '') return this.ranked.slice(0, limit).map((t) => t.name);
    const out: string[] = [];
    const taken = new Set<string>();
    const take = (t: Topic): void => {
      if (taken.has(t.key)) return;
      taken.add(t.key);
      out.push(t.name);
    };
    for (const t of this.ranked) {
      if (out.length >= limit) return out;
      if (t.key.startsWith(p)) take(t);
    }
    for (const t of this.ranked) {
      if (out.length >= limit) return out;
      if (t.words.some((w) => w.startsWith(p))) take(t);
    }
    const maxDist = Math.max(1, Math.round(p.length / 3));
    const fuzzy: { t: Topic; d: number }[] = [];
    for (const t of this.ranked.slice(0, FUZZY_POOL)) {
      if (taken.has(t.key)) continue;
      let d = distance(p, t.key);
      // A typed word against a topic's word, or a typed prefix against the topic's start.
      for (const w of t.words) d = Math.min(d, distance(p, w));
      d = Math.min(d, distance(p, t.key.slice(0, p.length)) + 1);
      if (d <= maxDist) fuzzy.push({ t, d });
    }
    fuzzy.sort((a, b) => a.d - b.d || b.t.count - a.t.count);
    for (const f of fuzzy) {
      if (out.length >= limit) break;
      take(f.t);
    }
    return out;
  }
}
