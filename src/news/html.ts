import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { BodyLine } from './document.js';
import { treeLines, treeShape, type NodeLike } from './html-text.js';

/** An HTML page reduced to what a news document needs. */
export interface HtmlPage {
  title?: string;
  lines: BodyLine[];
  url?: string;
  source?: string;
  publishedAt?: string;
}

const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[property="og:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
];

const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre';

interface ElementLike {
  tagName: string;
  textContent: string | null;
  querySelector(sel: string): ElementLike | null;
  querySelectorAll(sel: string): Iterable<ElementLike>;
  getAttribute(name: string): string | null;
}

function attr(doc: ElementLike, selectors: string[], name: string): string | undefined {
  for (const sel of selectors) {
    const v = doc.querySelector(sel)?.getAttribute(name)?.trim();
    if (v) return v;
  }
  return undefined;
}

function blockLines(root: ElementLike): BodyLine[] {
  const lines: BodyLine[] = [];
  for (const el of root.querySelectorAll(BLOCKS)) {
    // A list item or quote that wraps paragraphs is read through those paragraphs.
    if (el.querySelector('p, li, h1, h2, h3, h4, h5, h6') !== null) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    lines.push({ text, heading: /^H[1-6]$/i.test(el.tagName) ? true : undefined });
  }
  return lines;
}

/**
 * Readability's cost grows with the page's depth times its size (2,000 nested <div>s took
 * 20–48 s); past these limits the page is read in one linear pass instead. Real article pages are
 * a few dozen levels deep and a few thousand elements big.
 */
const READABILITY_LIMITS = { depth: 64, elements: 8_000 };

/** Fewer words than this outside headings ("Home", a lone menu) is not a story. */
const MIN_WORDS = 4;

function wordCount(lines: readonly BodyLine[]): number {
  let n = 0;
  for (const l of lines) if (!l.heading) n += l.text.split(' ').length;
  return n;
}

/** Title, metadata and main text; undefined when the page has no readable text. */
export function parseHtml(html: string): HtmlPage | undefined {
  const { document } = parseHTML(html);
  const doc = document as unknown as ElementLike;
  const metaTitle = attr(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]'], 'content');
  const pageTitle = (doc.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim() || undefined;
  // Read before Readability runs: it rewrites the document it is given.
  const h1 = (doc.querySelector('h1')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const url = attr(doc, ['link[rel="canonical"]'], 'href') ?? attr(doc, ['meta[property="og:url"]'], 'content');
  const source = attr(doc, ['meta[property="og:site_name"]', 'meta[name="application-name"]'], 'content');
  let publishedAt = attr(doc, DATE_META, 'content') ?? attr(doc, ['time[datetime]'], 'datetime');

  let lines: BodyLine[] = [];
  let articleTitle: string | undefined;
  const root = document.documentElement as unknown as NodeLike | null;
  const shape = root ? treeShape(root, READABILITY_LIMITS) : { elements: 0, depth: 0 };
  const tooBig = shape.depth > READABILITY_LIMITS.depth || shape.elements > READABILITY_LIMITS.elements;
  try {
    const article = tooBig ? null : new Readability(document, { charThreshold: 100 }).parse();
    if (article?.content) {
      const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`);
      lines = blockLines(content as unknown as ElementLike);
      if (lines.length === 0 && article.textContent) lines = textLines(article.textContent);
      articleTitle = article.title?.trim() || undefined;
      publishedAt ??= article.publishedTime ?? undefined;
    }
  } catch {
    // Readability gives up on some odd pages; the plain blocks below still work.
  }
  if (lines.length === 0) {
    // Readability was skipped or found nothing: every block of the body outside menus and page
    // furniture. (Read from the document Readability left alone when it did not run.)
    const body = doc.querySelector('body') as unknown as NodeLike | null;
    if (body) lines = treeLines(body);
  }
  // <title> usually carries the site name ("Floods hit towns - Example News"); the page's <h1>
  // inside it is the headline alone. Readability trims the site name only in some cases.
  const headline = h1 !== '' && pageTitle?.includes(h1) ? h1 : undefined;
  const finalTitle = metaTitle ?? headline ?? articleTitle ?? pageTitle;
  // Readability repeats the title as the article's first heading.
  if (finalTitle && lines[0]?.heading && lines[0].text === finalTitle) lines.shift();
  if (wordCount(lines) < MIN_WORDS) return undefined;
  const page: HtmlPage = { lines };
  if (finalTitle) page.title = finalTitle;
  if (url) page.url = url;
  if (source) page.source = source;
  if (publishedAt) page.publishedAt = publishedAt;
  return page;
}

function textLines(text: string): BodyLine[] {
  return text
    .split(/\n+/)
    .map((t) => ({ text: t.replace(/\s+/g, ' ').trim() }))
    .filter((l) => l.text !== '');
}
