import type { Library, BriefResult } from '../../src/news/library-api.js';
import type { NewsDocument, Story } from '../../src/news/types.js';

/** A minimal, real Library over a handful of documents, for testing what sits above the core. */
export function tinyLibrary(docs: NewsDocument[]): Library {
  const story = (doc: NewsDocument): Story => ({
    doc,
    summary: { docId: doc.id, headline: doc.title, keyPoints: [doc.text], entities: [], keyPhrases: [] },
    sentences: [doc.text],
    related: [],
  });
  const matching = (topic: string) => docs.filter((d) => `${d.title} ${d.text} ${d.tags.join(' ')}`.toLowerCase().includes(topic.toLowerCase()));
  return {
    size: docs.length,
    documents: () => docs,
    summaryOf: (id) => {
      const doc = docs.find((d) => d.id === id);
      return doc ? story(doc).summary : undefined;
    },
    brief(topic, opts): BriefResult {
      const found = topic ? matching(topic) : docs;
      if (topic && found.length === 0) return { kind: 'no_match', topic, suggestions: docs.flatMap((d) => d.tags).slice(0, 3) };
      return { kind: 'ok', briefing: { topic, generatedAt: opts?.now ?? new Date(0), stories: found.slice(0, opts?.limit ?? 5).map(story), suggestions: [] } };
    },
    topics: (limit = 10) => [...new Set(docs.flatMap((d) => d.tags))].slice(0, limit).map((name) => ({ name, count: matching(name).length })),
    suggest: (prefix, limit = 25) => [...new Set(docs.flatMap((d) => d.tags))].filter((t) => t.startsWith(prefix.toLowerCase())).slice(0, limit),
    digest: (q) => ({ title: 'Digest', generatedAt: q.now, since: q.since, groups: [{ topic: 'Top stories', stories: docs.slice(0, q.limit).map(story) }] }),
  };
}

export function doc(partial: Partial<NewsDocument> & { id: string; title: string; text: string }): NewsDocument {
  return { sections: [], publishedAt: new Date('2024-04-26T12:00:00Z'), path: `${partial.id}.txt`, tags: [], ...partial };
}
