import matter from 'gray-matter';
import { z } from 'zod';
import { describeIssues } from './zod-issues.js';
import type { NewsDocument } from './types.js';
import { makeDocument, parseDate, tagsFromPath, type BodyLine } from './document.js';
import { parseHtml } from './html.js';

/** Turning a file's text into documents, one parser per format. */

export const SUPPORTED_EXTENSIONS: ReadonlySet<string> = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl']);

export interface ParseContext {
  relPath: string;
  mtime: Date;
  /** Records a problem: the file (or one item in it) is skipped with one warning. */
  skip(reason: string): void;
}

export function parseFile(text: string, ext: string, ctx: ParseContext): NewsDocument[] {
  switch (ext) {
    case '.txt':
      return one(parseText(text, ctx), ctx, 'no text after the title');
    case '.md':
    case '.markdown':
      return parseMarkdown(text, ctx);
    case '.html':
    case '.htm':
      return one(parseHtmlFile(text, ctx), ctx, 'HTML with no readable text');
    case '.json':
      return parseJson(text, ctx);
    case '.jsonl':
      return parseJsonLines(text, ctx);
    default:
      return [];
  }
}

function one(doc: NewsDocument | undefined, ctx: ParseContext, reason: string): NewsDocument[] {
  if (doc) return [doc];
  ctx.skip(reason);
  return [];
}

function parseText(text: string, ctx: ParseContext): NewsDocument | undefined {
  return makeDocument({ body: text, publishedAt: ctx.mtime, path: ctx.relPath, tags: tagsFromPath(ctx.relPath) });
}

const frontMatterSchema = z.looseObject({
  title: z.string().optional(),
  date: z.unknown().optional(),
  publishedAt: z.unknown().optional(),
  url: z.string().optional(),
  source: z.string().optional(),
  category: z.union([z.string(), z.array(z.string())]).optional(),
  tags: z.union([z.string(), z.array(z.string())]).optional(),
});

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : v.split(',');
}

/** Markdown: front matter for metadata, "#" lines as title and headings, inline markup dropped. */
function parseMarkdown(text: string, ctx: ParseContext): NewsDocument[] {
  let parsed: { data: Record<string, unknown>; content: string };
  try {
    // Passing options turns off gray-matter's cache, which would keep every file's text forever.
    parsed = matter(text, {});
  } catch (err) {
    ctx.skip(`malformed front matter (${err instanceof Error ? err.message.split('\n')[0] : 'unreadable'})`);
    return [];
  }
  const meta = frontMatterSchema.safeParse(parsed.data);
  if (!meta.success) {
    ctx.skip(`malformed front matter (${meta.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
    return [];
  }
  const data = meta.data;
  let title = data.title;
  const lines: BodyLine[] = [];
  let inCode = false;
  for (const raw of parsed.content.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (h) {
      const headingText = stripInline(h[2]!);
      if (h[1] === '#' && title === undefined && lines.every((l) => l.text.trim() === '')) title = headingText;
      else lines.push({ text: headingText, heading: true });
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(raw)) continue;
    lines.push({ text: stripInline(raw.replace(/^\s*(?:[-*+]|\d+[.)]|>)\s+/, '')) });
  }
  const doc = makeDocument({
    title,
    body: lines,
    source: data.source,
    url: data.url,
    publishedAt: parseDate(data.date) ?? parseDate(data.publishedAt) ?? ctx.mtime,
    path: ctx.relPath,
    tags: [...tagsFromPath(ctx.relPath), ...asList(data.category), ...asList(data.tags)],
  });
  return one(doc, ctx, 'no text after the front matter');
}

function stripInline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

function parseHtmlFile(text: string, ctx: ParseContext): NewsDocument | undefined {
  const page = parseHtml(text);
  if (!page) return undefined;
  return makeDocument({
    title: page.title,
    body: page.lines,
    source: page.source,
    url: page.url,
    publishedAt: parseDate(page.publishedAt) ?? ctx.mtime,
    path: ctx.relPath,
    tags: tagsFromPath(ctx.relPath),
  });
}

const itemSchema = z
  .object({
    title: z.string().trim().min(1, 'title is empty'),
    text: z.string().optional(),
    body: z.string().optional(),
    url: z.string().optional(),
    publishedAt: z.union([z.string(), z.number()]).optional(),
    source: z.string().optional(),
    category: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .refine((o) => (o.text ?? o.body ?? '').trim() !== '', { message: 'text (or body) is missing or empty', path: ['text'] });


function itemToDocument(value: unknown, ctx: ParseContext, where: string): NewsDocument | undefined {
  const parsed = itemSchema.safeParse(value);
  if (!parsed.success) {
    ctx.skip(`${where}not a news item (${describeIssues(parsed.error)})`);
    return undefined;
  }
  const item = parsed.data;
  const doc = makeDocument({
    title: item.title,
    body: (item.text ?? item.body)!,
    source: item.source,
    url: item.url,
    // A file holds many items: its modification time says nothing about when one was published.
    publishedAt: parseDate(item.publishedAt),
    path: ctx.relPath,
    tags: [...tagsFromPath(ctx.relPath), ...asList(item.category)],
  });
  if (!doc) ctx.skip(`${where}no text`);
  return doc;
}

/** Reasons quoted when several items of one file are bad: the file gets one warning, not one per item. */
const REASONS_QUOTED = 3;

/** Collects the item-level problems of one file and reports them as one skip. */
function itemProblems(ctx: ParseContext): { ctx: ParseContext; report(items: number, unit: string): void } {
  const first: string[] = [];
  let count = 0;
  return {
    ctx: {
      ...ctx,
      skip(reason) {
        count++;
        if (first.length < REASONS_QUOTED) first.push(reason);
      },
    },
    report(items, unit) {
      if (count === 0) return;
      if (count === 1) return ctx.skip(first[0]!);
      const more = count > first.length ? `; and ${count - first.length} more` : '';
      ctx.skip(`${count} of ${items} ${unit} skipped: ${first.join('; ')}${more}`);
    },
  };
}

function parseJson(text: string, ctx: ParseContext): NewsDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    ctx.skip(`malformed JSON (${err instanceof Error ? err.message : 'does not parse'})`);
    return [];
  }
  if (!Array.isArray(value)) {
    const doc = itemToDocument(value, ctx, '');
    return doc ? [doc] : [];
  }
  if (value.length === 0) {
    ctx.skip('an empty JSON array');
    return [];
  }
  const docs: NewsDocument[] = [];
  const problems = itemProblems(ctx);
  value.forEach((item, i) => {
    const doc = itemToDocument(item, problems.ctx, `item ${i}: `);
    if (doc) docs.push(doc);
  });
  problems.report(value.length, 'items');
  return docs;
}

function parseJsonLines(text: string, ctx: ParseContext): NewsDocument[] {
  const docs: NewsDocument[] = [];
  let items = 0;
  const problems = itemProblems(ctx);
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    items++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.ctx.skip(`line ${i + 1}: malformed JSON (${err instanceof Error ? err.message : 'does not parse'})`);
      return;
    }
    const doc = itemToDocument(value, problems.ctx, `line ${i + 1}: `);
    if (doc) docs.push(doc);
  });
  if (items === 0) ctx.skip('no JSON lines');
  problems.report(items, 'lines');
  return docs;
}
