import { createHash } from 'node:crypto';
import type { NewsDocument } from './types.js';
import { splitSentences, tidy } from './sentences.js';

/** Parsing helpers shared by every format: body structure, titles, ids. */

export interface ParsedBody {
  /** Paragraphs in order, headings excluded. */
  paragraphs: string[];
  /** Headings in order, each with the index of the first paragraph under it. */
  headings: { title: string; paragraph: number }[];
}

const HEADING_MAX_CHARS = 60;
const HEADING_MAX_WORDS = 8;

/**
 * A short line that introduces a longer paragraph: a capital first, no closing punctuation,
 * not a list item. "War on Gaza" is one; "Drama - Featherboy" (a list entry) is not.
 */
export function isHeadingLine(line: string, nextLine: string | undefined): boolean {
  const t = line.trim();
  if (t === '' || t.length > HEADING_MAX_CHARS) return false;
  if (t.split(/\s+/).length > HEADING_MAX_WORDS) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(t)) return false;
  if (/[.!?:;,"'”’)\]…-]$/u.test(t)) return false;
  if (/\s[-–—]\s/.test(t)) return false;
  if (nextLine === undefined) return false;
  const next = nextLine.trim();
  return next.length >= 2 * t.length && next.length >= 80 && /[.!?"”’)]$/.test(next);
}

/** A body line; `heading` forces the call when the format marks it (Markdown "##", HTML <h2>). */
export interface BodyLine {
  text: string;
  heading?: boolean;
}

/** Splits a body into paragraphs (one per non-empty line) and section headings. */
export function parseBody(body: string | BodyLine[]): ParsedBody {
  const raw: BodyLine[] = typeof body === 'string' ? body.split(/\r?\n/).map((text) => ({ text })) : body;
  const lines = raw.map((l) => ({ ...l, text: tidy(l.text) })).filter((l) => l.text !== '');
  const paragraphs: string[] = [];
  const headings: ParsedBody['headings'] = [];
  lines.forEach((line, i) => {
    const heading = line.heading ?? isHeadingLine(line.text, lines[i + 1]?.text);
    if (heading) headings.push({ title: line.text, paragraph: paragraphs.length });
    else paragraphs.push(line.text);
  });
  return { paragraphs, headings };
}

/** A first line reads like a headline when it is short and does not end like a sentence. */
export function looksLikeHeadline(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > 150) return false;
  if (t.split(/\s+/).length > 20) return false;
  return !/[.,;:]$/.test(t) || /\.\.\.$|…$/.test(t);
}

const DERIVED_TITLE_MAX = 90;

/** A title for a text without one: its first sentence, cut at a word near 90 characters. */
export function deriveTitle(text: string): string {
  const firstPara = text.split('\n').find((p) => p.trim() !== '') ?? '';
  const first = splitSentences(firstPara)[0] ?? firstPara;
  const clean = first.replace(/[.!?]+$/, '').trim();
  if (clean.length <= DERIVED_TITLE_MAX) return clean;
  const cut = clean.slice(0, DERIVED_TITLE_MAX + 1);
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[\s,;:–—-]+$/, '');
  return `${atWord}…`;
}

/**
 * Stable id: the same title and text (spacing aside) always give the same id.
 * Paragraph breaks count: BBC has articles that differ only in paragraphing or in the case of a
 * word, and they are
 * separate files the corpus counts separately (briefings still merge them as near-duplicates).
 */
export function documentId(title: string, text: string): string {
  const normalized = `${title}\n${text}`
    .normalize('NFC')
    .split('\n')
    .map(tidy)
    .join('\n');
  return createHash('sha256').update(normalized).digest('hex').slice(0, 16);
}

/** Tags from the folder part of a relative path: "sport/012.txt" → ["sport"]. */
export function tagsFromPath(relPath: string): string[] {
  const parts = relPath.split('/');
  parts.pop();
  return parts.map((p) => p.toLowerCase().trim()).filter((p) => p !== '' && p !== '.');
}

/**
 * A tag as topics show it: lower case, letters, digits, spaces and - _ . only. Tags come from
 * folder names and metadata, and are listed back to chat users: no "@everyone" or "<!here>".
 */
export function cleanTag(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _.-]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface DocumentParts {
  title?: string;
  /** The body; its first line becomes the title when `title` is missing and it reads like one. */
  body: string | BodyLine[];
  source?: string;
  url?: string;
  /** Absent: the document is undated. */
  publishedAt?: Date;
  path: string;
  tags: string[];
}

/** Assembles a NewsDocument; undefined when the body has no text. */
export function makeDocument(parts: DocumentParts): NewsDocument | undefined {
  let lines: BodyLine[] =
    typeof parts.body === 'string' ? parts.body.replace(/^\uFEFF/, '').split(/\r?\n/).map((text) => ({ text })) : parts.body;
  let title = parts.title?.replace(/\s+/g, ' ').trim() || undefined;
  if (title === undefined) {
    const firstIdx = lines.findIndex((l) => l.text.trim() !== '');
    const first = firstIdx >= 0 ? lines[firstIdx]!.text : '';
    const rest = lines.slice(firstIdx + 1);
    if (looksLikeHeadline(first) && rest.some((l) => l.text.trim() !== '')) {
      title = first.replace(/\s+/g, ' ').trim();
      lines = rest;
    }
  }
  const { paragraphs, headings } = parseBody(lines);
  if (paragraphs.length === 0) return undefined;
  const text = paragraphs.join('\n');
  const finalTitle = title ?? deriveTitle(text);
  const tags = [...new Set(parts.tags.map(cleanTag).filter((t) => t !== ''))];
  const doc: NewsDocument = {
    id: documentId(finalTitle, text),
    title: finalTitle,
    text,
    sections: headings.map((h) => h.title),
    path: parts.path,
    tags,
  };
  if (parts.publishedAt) doc.publishedAt = parts.publishedAt;
  if (headings.length > 0) doc.headings = headings;
  if (parts.source) doc.source = parts.source;
  if (parts.url) doc.url = parts.url;
  return doc;
}

/**
 * Dates a document may carry: anything outside is a unit mix-up or junk (`1e300`), and an
 * invalid or absurd Date would break every renderer's formatting downstream.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/**
 * Epoch numbers by size: seconds (until 2286), milliseconds, microseconds, nanoseconds. A
 * nanosecond epoch (Go, pandas exports) is 1.7e18 today.
 */
function fromEpoch(n: number): Date {
  const abs = Math.abs(n);
  if (abs < 1e11) return new Date(n * 1000);
  if (abs < 1e14) return new Date(n);
  if (abs < 1e17) return new Date(n / 1e3);
  return new Date(n / 1e6);
}

/** A date from metadata, or undefined when it does not parse or lies outside 1900–2200. */
export function parseDate(value: unknown): Date | undefined {
  let d: Date | undefined;
  if (value instanceof Date) d = value;
  else if (typeof value === 'number' && Number.isFinite(value)) d = fromEpoch(value);
  else if (typeof value === 'string' && value.trim() !== '') {
    const t = value.trim();
    // Nine digits or more is an epoch number ("1714550400"); "2024" is a year.
    d = /^\d{9,}(\.\d+)?$/.test(t) ? fromEpoch(Number(t)) : new Date(t);
  }
  if (d === undefined) return undefined;
  const ms = d.getTime();
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? d : undefined;
}
