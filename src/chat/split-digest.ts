import type { Digest, DigestGroup } from '../news/types.js';
import type { Reply } from './reply.js';

/**
 * A digest too long for one message, as several digests that each fit in one (their stories in
 * order, a group's heading repeated where it continues), titled "… (2/3)". The scheduler posts
 * and records each on its own, so a crash between two messages loses neither; the platform says
 * what fits through `fits`, which renders with the longest title a part can get.
 */
export function splitDigest(digest: Digest, fits: (d: Digest) => boolean): Digest[] {
  const probe = (groups: DigestGroup[]): Digest => ({ ...digest, title: partTitle(digest.title, 99, 99), groups });
  if (fits({ ...digest })) return [digest];
  const parts: DigestGroup[][] = [];
  let current: DigestGroup[] = [];
  const withStory = (groups: DigestGroup[], group: DigestGroup, story: DigestGroup['stories'][number]): DigestGroup[] => {
    const last = groups.at(-1);
    if (last && last.topic === group.topic) return [...groups.slice(0, -1), { ...last, stories: [...last.stories, story] }];
    return [...groups, { ...group, stories: [story] }];
  };
  for (const group of digest.groups) {
    if (group.stories.length === 0) {
      current = [...current, group];
      continue;
    }
    for (const story of group.stories) {
      const candidate = withStory(current, group, story);
      if (current.length === 0 || fits(probe(candidate))) {
        current = candidate;
      } else {
        parts.push(current);
        current = withStory([], group, story);
      }
    }
  }
  if (current.length > 0) parts.push(current);
  if (parts.length <= 1) return [digest];
  return parts.map((groups, i) => ({ ...digest, title: partTitle(digest.title, i + 1, parts.length), groups }));
}

/** "Daily digest: china (2/3)": the title of one message of a digest in several. */
export function partTitle(title: string, part: number, of: number): string {
  return `${title} (${part}/${of})`;
}

/** A reply as the replies each platform message holds: a digest split with `fits`, anything else whole. */
export function splitReply(reply: Reply, fits: (d: Digest) => boolean): Reply[] {
  if (reply.kind !== 'digest') return [reply];
  return splitDigest(reply.digest, fits).map((digest) => ({ ...reply, digest }));
}
