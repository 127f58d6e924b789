import { decodeFeedBytes } from './decode.js';
import type { FetchResult } from './http.js';
import { readFeed, type ReadFeed } from './normalize.js';
import { parseFeedText } from './parse.js';

/** Fetched bytes → items, or the one reason they cannot be read (FeedReadError). */
export function readFetched(res: Extract<FetchResult, { status: 'ok' }>): ReadFeed {
  const { text } = decodeFeedBytes(res.body, res.headers.contentType);
  return readFeed(parseFeedText(text), res.url);
}
