import { distance } from 'fastest-levenshtein';
import type { NewsDocument, Summary, TopicCount } from './types.js';
import { fold } from './sentences.js';
import { COUNTRY_BY_ACRONYM } from './countries.js';
import { isPublisherName } from './publishers.js';
import { endsAsOrganization, initialsOf } from './entities.js';
import { ABBREVIATION, nameKeyOf } from './aliases.js';

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

/** One topic a document names: a tag, an entity or a key phrase, under its catalog key. */
export interface TopicEntry {
  key: string;
  name: string;
  fromTag: boolean;
}

/** The catalog key of a topic name: folded, single-spaced; "" when too short to be a topic. */
export function topicKey(name: string): string {
  const key = fold(name).replace(/\s+/g, ' ').trim();
  return key.length < 2 ? '' : key;
}

/** The topics a document counts toward, each once (the first spelling wins). */
export function topicEntries(doc: Pick<NewsDocument, 'tags' | 'source'>, summary: Pick<Summary, 'entities' | 'keyPhrases'> | undefined): TopicEntry[] {
  const out = new Map<string, TopicEntry>();
  const add = (name: string, fromTag: boolean): void => {
    const key = topicKey(name);
    if (key !== '' && !out.has(key)) out.set(key, { key, name, fromTag });
  };
  for (const tag of doc.tags) {
    // A tag that is a country's code ("us") is that country, as its entity is.
    const country = COUNTRY_BY_ACRONYM.get(tag.toUpperCase());
    add(country ? country.name : tag, !country);
  }
  if (summary) {
    // A source's own name ("CNN" in every CNN story) tells its stories apart from nothing; nor
    // does a publisher's, in a plain text file that names no source ("told CNN", "Reuters said").
    for (const e of summary.entities) if (!isPublisherName(e.text, doc.source)) add(e.text, false);
    for (const p of summary.keyPhrases) add(p, false);
  }
  return [...out.values()];
}

export class TopicCatalog {
  private readonly ranked: Topic[];

  constructor(docs: readonly NewsDocument[], summaryOf: (id: string) => Summary | undefined) {
    const byKey = new Map<string, { name: string; count: number; fromTag: boolean }>();
    for (const doc of docs) {
      for (const e of topicEntries(doc, summaryOf(doc.id))) {
        const t = byKey.get(e.key);
        if (t) t.count++;
        else byKey.set(e.key, { name: e.name, count: 1, fromTag: e.fromTag });
      }
    }
    this.ranked = TopicCatalog.rank([...byKey.entries()].map(([key, t]) => ({ key, ...t })), docs.length);
  }

  /** A catalog over counts kept elsewhere (the store keeps them per document as they arrive). */
  static fromCounts(rows: readonly { key: string; name: string; count: number; fromTag: boolean }[], documents: number): TopicCatalog {
    const catalog = Object.create(TopicCatalog.prototype) as TopicCatalog;
    (catalog as unknown as { ranked: Topic[] }).ranked = TopicCatalog.rank(rows, documents);
    return catalog;
  }

  private static rank(rows: readonly { key: string; name: string; count: number; fromTag: boolean }[], documents: number): Topic[] {
    const everywhere = documents > 1 ? documents : Infinity;
    return (
      mergeRowsOfOneThing(rows)
        // A tag on every document ("articles") tells nothing apart.
        .filter((t) => !(t.fromTag && t.count >= everywhere))
        .map((t) => ({ name: t.name, key: t.key, count: t.count, words: t.key.split(' ') }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    );
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
    // Two strings whose lengths differ by more than maxDist are further apart than that: those
    // distances are never computed (they were a tenth of a briefing's CPU time, all no-matches).
    const near = (s: string): boolean => Math.abs(s.length - p.length) <= maxDist;
    const pool = Math.min(FUZZY_POOL, this.ranked.length);
    for (let k = 0; k < pool; k++) {
      const t = this.ranked[k]!;
      if (taken.has(t.key)) continue;
      let d = near(t.key) ? distance(p, t.key) : maxDist + 1;
      // A typed word against a topic's word, or a typed prefix against the topic's start.
      for (const w of t.words) if (near(w)) d = Math.min(d, distance(p, w));
      if (t.key.length >= p.length - maxDist + 1) d = Math.min(d, distance(p, t.key.slice(0, p.length)) + 1);
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

interface CountRow {
  key: string;
  name: string;
  count: number;
  fromTag: boolean;
}

/**
 * One thing under one name across the library, as each document's entities already are: names
 * with one key (nameKeyOf: "Tories" and "Tory", "Labour Party" and "Labour", "ISIS" and "Islamic
 * State") join, shown by the name more documents use; then an abbreviation joins the
 * organization's name it is the initials of ("EU" → "European Union"), shown by that name.
 * Counts add up (a document naming both counted them as one already). Tags stay as they are.
 */
/** An organization's name takes in an abbreviation named in at most this many times its documents. */
const ABBREVIATION_SHARE = 4;

function mergeRowsOfOneThing(rows: readonly CountRow[]): CountRow[] {
  const gone = new Set<CountRow>();
  const byName = new Map<string, CountRow>();
  const own = new Map<CountRow, number>();
  const kept: CountRow[] = [];
  for (const r of rows) {
    const row = { ...r };
    kept.push(row);
    if (row.fromTag) continue;
    const name = nameKeyOf(row.name);
    const other = byName.get(name);
    if (other === undefined) {
      byName.set(name, row);
      continue;
    }
    // Shown by the name most documents use on its own ("Tory" 95 beats "Conservative" 51 and "Tories" 40).
    const [keep, drop] = (own.get(other) ?? other.count) >= row.count ? [other, row] : [row, other];
    own.set(keep, Math.max(own.get(other) ?? other.count, row.count));
    keep.count += drop.count;
    gone.add(drop);
    byName.set(name, keep);
  }
  const byInitials = new Map<string, CountRow>();
  for (const row of kept) {
    // Only an organization's name takes in an abbreviation library-wide: a person's initials
    // are no name of theirs ("BT" is not Bill Thompson). Within a document any name may.
    if (row.fromTag || gone.has(row) || !endsAsOrganization(row.name)) continue;
    const initials = initialsOf(row.name);
    const known = byInitials.get(initials);
    // The most common of the names with these initials.
    if (initials !== '' && (!known || known.count < row.count)) byInitials.set(initials, row);
  }
  for (const row of kept) {
    if (row.fromTag || gone.has(row) || !ABBREVIATION.test(row.name)) continue;
    const into = byInitials.get(row.name);
    // Initials are shared by chance: only a name about as common as the abbreviation is what it
    // stands for here ("EU" 66, "European Union" 38), not a rare one ("BT" 27, "Brains Trust" 1).
    if (!into || into === row || into.count * ABBREVIATION_SHARE < row.count) continue;
    into.count += row.count;
    gone.add(row);
  }
  return kept.filter((r) => !gone.has(r));
}
