import { generateOpml, parseOpml } from 'feedsmith';
import { z } from 'zod';
import { cleanTag } from '../../news/document.js';
import type { FeedRecord } from '../../store/feeds.js';
import { FeedReadError } from './decode.js';
import { feedName } from './poller.js';
import { checkFeedUrl } from './service.js';

/** Subscription lists in and out: OPML 1.0/2.0 (what every feed reader exports). */

export interface OpmlFeed {
  url: string;
  name?: string;
  tags: string[];
  site?: string;
}

const outline: z.ZodType<{ text?: string; title?: string; xmlUrl?: string; htmlUrl?: string; category?: string; outlines?: unknown[] }> = z
  .object({
    text: z.string().optional(),
    title: z.string().optional(),
    xmlUrl: z.string().optional(),
    htmlUrl: z.string().optional(),
    category: z.string().optional(),
    outlines: z.array(z.unknown()).optional(),
  })
  .loose();

/** The feeds of an OPML file: folders and `category` become tags; bad entries are skipped with a reason. */
export function readOpml(text: string): { feeds: OpmlFeed[]; skipped: { entry: string; reason: string }[] } {
  let doc: unknown;
  try {
    doc = parseOpml(text);
  } catch (err) {
    throw new FeedReadError(`not an OPML file (${err instanceof Error ? err.message : String(err)})`);
  }
  const body = z.object({ body: z.object({ outlines: z.array(z.unknown()).optional() }).loose().optional() }).loose().safeParse(doc);
  const feeds: OpmlFeed[] = [];
  const skipped: { entry: string; reason: string }[] = [];
  const walk = (nodes: unknown[], folders: string[]) => {
    for (const node of nodes) {
      const o = outline.safeParse(node);
      if (!o.success) continue;
      const label = o.data.title ?? o.data.text;
      if (!o.data.xmlUrl) {
        walk(o.data.outlines ?? [], label ? [...folders, label] : folders);
        continue;
      }
      let url: string;
      try {
        url = checkFeedUrl(o.data.xmlUrl);
      } catch (err) {
        skipped.push({ entry: o.data.xmlUrl.slice(0, 200), reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      const categories = (o.data.category ?? '').split(/[,/]/);
      const tags = [...new Set([...folders, ...categories].map(cleanTag).filter((t) => t !== ''))].slice(0, 10);
      const feed: OpmlFeed = { url, tags };
      if (label?.trim()) feed.name = label.trim().slice(0, 100);
      if (o.data.htmlUrl) feed.site = o.data.htmlUrl;
      feeds.push(feed);
    }
  };
  walk(body.success ? (body.data.body?.outlines ?? []) : [], []);
  if (feeds.length === 0 && skipped.length === 0) throw new FeedReadError('the OPML file lists no feeds (no outline with an xmlUrl)');
  return { feeds, skipped };
}

export function writeOpml(feeds: readonly FeedRecord[], now: Date): string {
  return generateOpml({
    head: { title: 'newsbrief feeds', dateCreated: now },
    body: {
      outlines: feeds.map((f) => {
        const o: { text: string; title: string; type: string; xmlUrl: string; htmlUrl?: string; category?: string } = {
          text: feedName(f),
          title: feedName(f),
          type: 'rss',
          xmlUrl: f.url,
        };
        if (f.siteLink) o.htmlUrl = f.siteLink;
        if (f.tags.length) o.category = f.tags.join(',');
        return o;
      }),
    },
  });
}
