import { decodeHTML } from 'entities';
import { compile } from 'html-to-text';

/** HTML from a feed (descriptions, content, titles) → plain text: paragraphs on their own lines. */

const toText = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'video', format: 'skip' },
    { selector: 'audio', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});

/** Tags that only mark paragraphs or inline style: such HTML (most feed descriptions) needs no full parse. */
const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'hr', 'figure', 'figcaption', 'pre', 'section', 'article', 'header', 'footer', 'dl', 'dt', 'dd']);
const INLINE_TAGS = new Set(['a', 'b', 'i', 'em', 'strong', 'span', 'u', 'small', 'sup', 'sub', 'img', 'code', 'font', 'abbr', 'cite', 'q', 's', 'strike', 'del', 'ins', 'mark', 'time', 'wbr', 'big', 'tt', 'center', 'picture', 'source']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>/g;

/**
 * The same text html-to-text gives for simple HTML, without building a DOM: block tags break
 * lines, list items get "* ", other tags go. Undefined when the HTML has anything else (tables,
 * scripts, comments, CDATA, stray angle brackets): that goes to html-to-text.
 */
function simpleHtmlToText(html: string): string | undefined {
  if (/<!|<\?/.test(html)) return undefined;
  let out = '';
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    const name = m[2]!.toLowerCase();
    const between = html.slice(last, m.index);
    if (between.includes('<') || between.includes('>')) return undefined;
    out += between;
    if (BLOCK_TAGS.has(name)) out += name === 'li' && m[1] === '' ? '\n* ' : '\n';
    else if (!INLINE_TAGS.has(name)) return undefined;
    last = m.index + m[0].length;
  }
  const rest = html.slice(last);
  if (rest.includes('<') || rest.includes('>')) return undefined;
  return decodeHTML(out + rest);
}

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i;

/** Plain text with one paragraph per line; `plain` text is only tidied. */
export function htmlToPlainText(input: string, plain = false): string {
  const text = plain || !LOOKS_LIKE_HTML.test(input) ? input : (simpleHtmlToText(input) ?? toText(input));
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** A title on one line, entities decoded and tags dropped. */
export function plainTitle(input: string): string {
  return htmlToPlainText(input).replace(/\n/g, ' ').trim();
}

/** The first <img> of some HTML that is not a tracking pixel. */
export function firstImageSrc(html: string): string | undefined {
  for (const m of html.matchAll(/<img\b[^>]*>/gi)) {
    const tag = m[0];
    if (/\b(width|height)\s*=\s*["']?1["'\s/>]/i.test(tag)) continue;
    // Feedburner's flare buttons and share icons come before the picture in many feeds.
    if (/feedburner|feedproxy|\/~ff\/|\/~r\/|pheedo|doubleclick|bluekai|pixel|beacon|track|adsrvr|\/stats?\b|\.gif\b|share|button|icon|logo/i.test(tag)) continue;
    const src = /\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/i.exec(tag);
    const url = src?.[1] ?? src?.[2] ?? src?.[3];
    if (url) return url.replace(/&amp;/g, '&');
  }
  return undefined;
}
