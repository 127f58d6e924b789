import * as robotsModule from 'robots-parser';
import { parseHtml } from '../../news/html.js';
import type { Clock } from '../../news/types.js';
import type { Logger } from '../../log.js';
import { charsetOf, decodeFeedBytes } from './decode.js';
import { FetchError, type HttpClient } from './http.js';

/**
 * The article behind a teaser: its page fetched (when robots.txt allows newsbrief), read with
 * Readability as the HTML loader reads files. Nothing is done to get past a paywall: no cookies,
 * no alternative copies; a page that gives less than the feed is ignored.
 */

export interface PageText {
  /** Paragraphs, one per line; undefined when the page had no readable article. */
  text?: string;
  /** og:image / twitter:image of the page. */
  image?: string;
}

export interface FullTextReader {
  read(url: string): Promise<PageText | undefined>;
}

/** The token robots.txt rules name. */
export const ROBOTS_AGENT = 'newsbrief';
const ROBOTS_TTL_MS = 24 * 3_600_000;
/** An unreachable robots.txt: assume disallowed (RFC 9309 §2.3.1.4), and ask again sooner. */
const ROBOTS_RETRY_MS = 3_600_000;
const ROBOTS_MAX_BYTES = 500 * 1024;

type Robots = { isAllowed(url: string, ua?: string): boolean | undefined };
// robots-parser is CommonJS (module.exports = function); its typings say ES default export.
const robotsParser = (robotsModule as unknown as { default: (url: string, text: string) => Robots }).default;

function metaImage(html: string, base: string): string | undefined {
  const m =
    /<meta[^>]+(?:property|name)\s*=\s*["'](?:og:image(?::url)?|twitter:image)["'][^>]*content\s*=\s*["']([^"']+)["']/i.exec(html) ??
    /<meta[^>]+content\s*=\s*["']([^"']+)["'][^>]*(?:property|name)\s*=\s*["'](?:og:image(?::url)?|twitter:image)["']/i.exec(html);
  if (!m) return undefined;
  try {
    const url = new URL(m[1]!.replace(/&amp;/g, '&'), base).href;
    return /^https?:/i.test(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

export function createFullTextReader(deps: { http: HttpClient; clock: Clock; logger: Logger }): FullTextReader {
  const robots = new Map<string, { robots?: Robots; allowAll: boolean; until: number }>();

  const robotsFor = async (origin: string): Promise<{ robots?: Robots; allowAll: boolean }> => {
    const now = deps.clock.now().getTime();
    const cached = robots.get(origin);
    if (cached && cached.until > now) return cached;
    const url = `${origin}/robots.txt`;
    let entry: { robots?: Robots; allowAll: boolean; until: number };
    try {
      const res = await deps.http.get(url, { accept: 'text/plain', maxBytes: ROBOTS_MAX_BYTES });
      const text = res.status === 'ok' ? res.body.toString('utf8') : '';
      entry = { robots: robotsParser(url, text), allowAll: false, until: now + ROBOTS_TTL_MS };
    } catch (err) {
      const status = err instanceof FetchError ? err.status : undefined;
      // No robots.txt (4xx): everything is allowed. Unreachable or 5xx: nothing is.
      if (status !== undefined && status >= 400 && status < 500) entry = { allowAll: true, until: now + ROBOTS_TTL_MS };
      else entry = { allowAll: false, until: now + ROBOTS_RETRY_MS };
    }
    robots.set(origin, entry);
    return entry;
  };

  return {
    async read(url) {
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch {
        return undefined;
      }
      const rules = await robotsFor(origin);
      const allowed = rules.allowAll || (rules.robots?.isAllowed(url, ROBOTS_AGENT) ?? false);
      if (!allowed) {
        deps.logger.debug({ url }, 'page not fetched: robots.txt disallows it');
        return undefined;
      }
      try {
        const res = await deps.http.get(url, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
        if (res.status !== 'ok') return undefined;
        const type = res.headers.contentType ?? '';
        if (type !== '' && !/html/i.test(type)) return undefined;
        const html = decodeFeedBytes(res.body, type.includes('charset') ? `text/html; charset=${charsetOf(type)}` : undefined).text;
        const page = parseHtml(html);
        const out: PageText = {};
        const image = metaImage(html, res.url);
        if (image) out.image = image;
        const paragraphs = page?.lines.filter((l) => !l.heading).map((l) => l.text) ?? [];
        if (paragraphs.length > 0) out.text = paragraphs.join('\n');
        return out;
      } catch (err) {
        deps.logger.debug({ url, err: err instanceof Error ? err.message : String(err) }, 'page not read; the feed text stays');
        return undefined;
      }
    },
  };
}
