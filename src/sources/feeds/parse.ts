import { parseFeed } from 'feedsmith';
import { z } from 'zod';
import { FeedReadError } from './decode.js';

/**
 * A feed's text → its items, with everything still as the feed wrote it (HTML, raw dates), but
 * with each item's xml:base worked out. feedsmith reads RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0 and
 * JSON Feed 1.0/1.1; this module only maps its four shapes onto one.
 */

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface RawItem {
  guid?: string;
  /** RSS: a guid is the item's link unless isPermaLink="false". */
  guidIsLink: boolean;
  title?: string;
  /** Candidate links, best first, as written (maybe relative). */
  links: string[];
  /** Full content (content:encoded, Atom content, JSON content_html/text). */
  content?: string;
  /** Summary or description. */
  summary?: string;
  /** True when content/summary are plain text (Atom type="text", JSON content_text). */
  plain: boolean;
  /** Date strings, best first: published, then updated. */
  dates: string[];
  /** Image candidates as written, best first. */
  images: string[];
  /** The xml:base in force for this item (absolute or relative), innermost last. */
  bases: string[];
}

export interface RawFeed {
  format: FeedFormat;
  title?: string;
  /** The site, as written. */
  link?: string;
  /** The feed's own address, as written (atom:link rel="self", JSON feed_url). */
  self?: string;
  bases: string[];
  items: RawItem[];
}

const text = z.union([z.string(), z.object({ value: z.string().optional(), type: z.string().optional() }).loose()]).optional();
const strings = z.array(z.unknown()).optional();
const link = z.object({ href: z.string().optional(), rel: z.string().optional(), type: z.string().optional() }).loose();
const mediaItem = z.object({ url: z.string().optional(), type: z.string().optional(), medium: z.string().optional() }).loose();
const media = z
  .object({
    thumbnails: z.array(mediaItem).optional(),
    contents: z.array(mediaItem).optional(),
    groups: z
      .array(z.object({ thumbnails: z.array(mediaItem).optional(), contents: z.array(mediaItem).optional(), description: text }).loose())
      .optional(),
    description: text,
  })
  .loose()
  .optional();
const xml = z.object({ base: z.string().optional() }).loose().optional();
const dc = z.object({ dates: strings, date: z.unknown().optional() }).loose().optional();
const itunes = z.object({ image: z.unknown().optional() }).loose().optional();

const rssItem = z
  .object({
    title: z.string().optional(),
    link: z.string().optional(),
    description: z.string().optional(),
    guid: z.object({ value: z.string().optional(), isPermaLink: z.boolean().optional() }).loose().optional(),
    pubDate: z.unknown().optional(),
    content: z.object({ encoded: z.string().optional() }).loose().optional(),
    enclosures: z.array(mediaItem).optional(),
    atom: z.object({ links: z.array(link).optional(), published: z.unknown().optional(), updated: z.unknown().optional() }).loose().optional(),
    dc,
    media,
    itunes,
    xml,
  })
  .loose();

const atomEntry = z
  .object({
    id: z.string().optional(),
    title: text,
    links: z.array(link).optional(),
    content: text,
    summary: text,
    published: z.unknown().optional(),
    updated: z.unknown().optional(),
    dc,
    media,
    xml,
  })
  .loose();

const jsonItem = z
  .object({
    id: z.unknown().optional(),
    url: z.string().optional(),
    external_url: z.string().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: z.string().optional(),
    banner_image: z.string().optional(),
    date_published: z.unknown().optional(),
    date_modified: z.unknown().optional(),
  })
  .loose();

const feedShape = z
  .object({
    title: text,
    link: z.string().optional(),
    links: z.array(link).optional(),
    home_page_url: z.string().optional(),
    feed_url: z.string().optional(),
    atom: z.object({ links: z.array(link).optional() }).loose().optional(),
    xml,
    items: z.array(z.unknown()).optional(),
    entries: z.array(z.unknown()).optional(),
  })
  .loose();

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

function textOf(value: z.infer<typeof text>): { value?: string; plain: boolean } {
  if (value === undefined) return { plain: false };
  if (typeof value === 'string') return { value: str(value), plain: false };
  const type = (value.type ?? 'text').toLowerCase();
  return { value: str(value.value), plain: type === 'text' || type === 'text/plain' };
}

function compact(values: unknown[]): string[] {
  return [...new Set(values.map(str).filter((v): v is string => v !== undefined).map((v) => v.trim()))];
}

function mediaImages(m: z.infer<typeof media>): unknown[] {
  if (!m) return [];
  const isImage = (c: z.infer<typeof mediaItem>) => c.medium === 'image' || (c.type ?? '').startsWith('image/');
  const groups = m.groups ?? [];
  return [
    ...(m.thumbnails ?? []).map((t) => t.url),
    ...groups.flatMap((g) => (g.thumbnails ?? []).map((t) => t.url)),
    ...(m.contents ?? []).filter(isImage).map((c) => c.url),
    ...groups.flatMap((g) => (g.contents ?? []).filter(isImage).map((c) => c.url)),
  ];
}

/** YouTube and podcast feeds keep an item's words in media:description. */
function mediaDescription(m: z.infer<typeof media>): string | undefined {
  if (!m) return undefined;
  return textOf(m.description).value ?? (m.groups ?? []).map((g) => textOf(g.description).value).find((d) => d !== undefined);
}

function itunesImage(i: z.infer<typeof itunes>): unknown {
  const image = i?.image;
  if (typeof image === 'string') return image;
  if (image && typeof image === 'object' && 'href' in image) return (image as { href?: unknown }).href;
  return undefined;
}

/** Atom: the alternate HTML link first, then other alternates, then any link that is not self/edit/enclosure. */
function atomLinks(links: z.infer<typeof link>[] | undefined): string[] {
  const all = links ?? [];
  const rel = (l: z.infer<typeof link>) => (l.rel ?? 'alternate').toLowerCase();
  const html = all.filter((l) => rel(l) === 'alternate' && (!l.type || /html/i.test(l.type)));
  const alternate = all.filter((l) => rel(l) === 'alternate');
  const other = all.filter((l) => !['self', 'edit', 'enclosure', 'replies', 'hub', 'license', 'via'].includes(rel(l)));
  return compact([...html, ...alternate, ...other].map((l) => l.href));
}

function rssToRaw(value: unknown): RawItem | undefined {
  const parsed = rssItem.safeParse(value);
  if (!parsed.success) return undefined;
  const i = parsed.data;
  const guid = str(i.guid?.value);
  const guidIsLink = guid !== undefined && i.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid.trim());
  return {
    guid: guid?.trim(),
    guidIsLink,
    title: str(i.title),
    links: compact([i.link, ...atomLinks(i.atom?.links), guidIsLink ? guid : undefined]),
    content: str(i.content?.encoded),
    summary: str(i.description) ?? mediaDescription(i.media),
    plain: false,
    dates: compact([i.pubDate, ...(i.dc?.dates ?? []), i.dc?.date, i.atom?.published, i.atom?.updated]),
    images: compact([
      ...mediaImages(i.media),
      ...(i.enclosures ?? []).filter((e) => (e.type ?? '').startsWith('image/')).map((e) => e.url),
      itunesImage(i.itunes),
    ]),
    bases: compact([i.xml?.base]),
  };
}

function atomToRaw(value: unknown): RawItem | undefined {
  const parsed = atomEntry.safeParse(value);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const content = textOf(e.content);
  const summary = textOf(e.summary);
  return {
    guid: str(e.id)?.trim(),
    guidIsLink: false,
    title: textOf(e.title).value,
    links: atomLinks(e.links),
    content: content.value,
    summary: summary.value ?? mediaDescription(e.media),
    plain: content.value !== undefined ? content.plain : summary.value !== undefined ? summary.plain : true,
    dates: compact([e.published, e.updated, ...(e.dc?.dates ?? [])]),
    images: compact([...mediaImages(e.media), ...(e.links ?? []).filter((l) => l.rel === 'enclosure' && (l.type ?? '').startsWith('image/')).map((l) => l.href)]),
    bases: compact([e.xml?.base]),
  };
}

function jsonToRaw(value: unknown): RawItem | undefined {
  const parsed = jsonItem.safeParse(value);
  if (!parsed.success) return undefined;
  const j = parsed.data;
  const html = str(j.content_html);
  return {
    guid: str(j.id)?.trim(),
    guidIsLink: false,
    title: str(j.title),
    links: compact([j.url, j.external_url]),
    content: html ?? str(j.content_text),
    summary: str(j.summary),
    plain: html === undefined && str(j.content_text) !== undefined,
    dates: compact([j.date_published, j.date_modified]),
    images: compact([j.image, j.banner_image]),
    bases: [],
  };
}

const TO_RAW: Record<FeedFormat, (value: unknown) => RawItem | undefined> = { rss: rssToRaw, rdf: rssToRaw, atom: atomToRaw, json: jsonToRaw };

/** Parses a feed's text; throws FeedReadError with one clear reason when it is not a feed. */
export function parseFeedText(input: string): RawFeed {
  const trimmed = input.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new FeedReadError('the feed is empty');
  let result: { format: FeedFormat; feed: unknown };
  try {
    result = parseFeed(trimmed) as { format: FeedFormat; feed: unknown };
  } catch (err) {
    throw new FeedReadError(notAFeedReason(trimmed, err));
  }
  const feed = feedShape.safeParse(result.feed);
  if (!feed.success) throw new FeedReadError('the document parsed but has no feed structure (no channel or feed element)');
  const f = feed.data;
  const rawItems = f.items ?? f.entries ?? [];
  const toRaw = TO_RAW[result.format];
  const self = compact([
    ...(f.links ?? []).filter((l) => l.rel === 'self').map((l) => l.href),
    ...(f.atom?.links ?? []).filter((l) => l.rel === 'self').map((l) => l.href),
    f.feed_url,
  ])[0];
  return {
    format: result.format,
    title: textOf(f.title).value,
    link: str(f.link) ?? atomLinks(f.links)[0] ?? str(f.home_page_url),
    self,
    bases: compact([f.xml?.base]),
    items: rawItems.map(toRaw).filter((i): i is RawItem => i !== undefined),
  };
}

function notAFeedReason(text: string, err: unknown): string {
  if (/^<!doctype html|^<html[\s>]/i.test(text) || /^<head[\s>]/i.test(text)) return 'this is an HTML page, not a feed';
  if (/^[[{]/.test(text)) return 'this is JSON but not a JSON Feed (no "version" and "items")';
  if (!text.startsWith('<')) return 'this is neither XML nor JSON';
  const message = err instanceof Error ? err.message : String(err);
  if (/unrecognized/i.test(message)) return 'this XML is not RSS, Atom or RDF';
  return `the XML cannot be read (${message.slice(0, 120)})`;
}
