import type { Briefing, Digest, DigestGroup, NewsDocument, Story, Summary } from './types.js';
import type { DigestQuery } from './library-api.js';
import type { TopicQuery } from './query.js';
import { tagKey, topicTagKeys } from './search.js';
import { isPublisherName } from './publishers.js';
import { nameKeyOf, topicNameKeys } from './aliases.js';

/** Composing stories: the sentences of a document that speak to a topic, and digests. */

export interface StorySource {
  doc(i: number): NewsDocument;
  summary(i: number): Summary;
  /** The sentences of document i that speak to the topic, in document order; none if none do. */
  topicSentences(i: number, q: TopicQuery): string[];
}

export function makeStory(src: StorySource, head: number, related: number[], q: TopicQuery | undefined): Story {
  const summary = src.summary(head);
  const doc = src.doc(head);
  // A document tagged with the topic is about it as a whole ("/brief sport"): its key points say
  // more than the sentences that happen to use the word.
  const keys = q === undefined ? [] : topicTagKeys(q.folded);
  const tagged = doc.tags.some((t) => keys.includes(tagKey(t)));
  const picked = q && !tagged ? src.topicSentences(head, q) : [];
  return {
    doc,
    summary,
    sentences: picked.length > 0 ? picked : summary.keyPoints,
    related: related.map((r) => src.doc(r)),
  };
}

/** Other topics worth asking about: the stories' leading entities, not the topic itself. */
export function relatedTopics(stories: Story[], topic: string | undefined, max = 5): string[] {
  const counts = new Map<string, { name: string; n: number }>();
  const skip = topic?.toLowerCase().trim();
  // The topic under any of its names ("Tory" for conservative, "ISIS" for islamic state).
  const skipNames = topic === undefined ? [] : topicNameKeys(topic);
  for (const s of stories) {
    for (const e of s.summary.entities.slice(0, 5)) {
      const key = nameKeyOf(e.text);
      // Not the topic itself ("Barack Obama" for obama), nor a publisher's name ("CNN" in a CNN
      // story: the rule topics keep).
      if (skipNames.includes(key) || e.kind === 'other' || isPublisherName(e.text, s.doc.source)) continue;
      if (e.kind === 'person' && skip !== undefined && skip !== '' && skip.split(/\s+/).every((w) => e.text.toLowerCase().split(' ').includes(w))) continue;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { name: e.text, n: 1 });
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, max)
    .map((c) => c.name);
}

export function makeBriefing(stories: Story[], topic: string | undefined, generatedAt: Date): Briefing {
  const briefing: Briefing = { generatedAt, stories, suggestions: relatedTopics(stories, topic) };
  if (topic !== undefined) briefing.topic = topic;
  return briefing;
}

export interface DigestPlan {
  topics: string[];
  /** For each requested topic (or one list for top stories): candidate stories in rank order. */
  candidates: Story[][];
}

/**
 * Shares `limit` stories out among the groups in turns, so every requested topic gets its best
 * story before any gets a second; a story appears in one group only.
 */
export function composeDigest(query: DigestQuery, plan: DigestPlan): Digest {
  const groups: DigestGroup[] = plan.candidates.map((_, i) => ({
    topic: plan.topics[i] ?? 'Top stories',
    stories: [],
  }));
  const used = new Set<string>();
  const cursor = plan.candidates.map(() => 0);
  let total = 0;
  let progress = true;
  while (total < query.limit && progress) {
    progress = false;
    for (let g = 0; g < groups.length && total < query.limit; g++) {
      const list = plan.candidates[g]!;
      while (cursor[g]! < list.length && used.has(list[cursor[g]!]!.doc.id)) cursor[g]!++;
      const story = list[cursor[g]!];
      if (!story) continue;
      cursor[g]!++;
      used.add(story.doc.id);
      groups[g]!.stories.push(story);
      total++;
      progress = true;
    }
  }
  const title = plan.topics.length > 0 ? `Daily digest: ${plan.topics.join(', ')}` : 'Daily digest: top stories';
  const digest: Digest = { title, generatedAt: query.now, groups };
  if (query.since) digest.since = query.since;
  return digest;
}
