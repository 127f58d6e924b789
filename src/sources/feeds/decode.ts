import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { TextDecoder } from 'node:util';

/**
 * Feed bytes → text, the part parsers leave to the caller: a compressed body (even one the
 * server did not label), then the character set from, in order, a byte-order mark, the HTTP
 * Content-Type, the XML declaration, and last UTF-8 with a Windows-1252 fallback.
 */

export class FeedReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedReadError';
  }
}

export interface DecodedFeed {
  text: string;
  /** The character set used, as TextDecoder names it. */
  encoding: string;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Undo a Content-Encoding, and a gzip body served without one; never past `maxBytes`. */
export function decompress(bytes: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
  let out = bytes;
  try {
    for (const enc of encodings.reverse()) {
      if (enc === 'gzip' || enc === 'x-gzip') out = gunzipSync(out, { maxOutputLength: maxBytes });
      else if (enc === 'deflate') out = inflateSync(out, { maxOutputLength: maxBytes });
      else if (enc === 'br') out = brotliDecompressSync(out, { maxOutputLength: maxBytes });
      else throw new FeedReadError(`the server sent an unknown Content-Encoding "${enc}"`);
    }
    // Some servers (and files saved from them) hold gzip bytes without saying so.
    if (isGzip(out)) out = gunzipSync(out, { maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof FeedReadError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /larger than|maxOutputLength/i.test(String(err))) {
      throw new FeedReadError(`the feed is larger than ${Math.round(maxBytes / 1024)} KB once decompressed`);
    }
    throw new FeedReadError(`the compressed body is corrupt (${(err as Error).message})`);
  }
  return out;
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined;
  }
}

/** The charset parameter of a Content-Type ("text/xml; charset=ISO-8859-1"). */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1];
}

function xmlDeclaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 512).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1];
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

export function decodeFeedBytes(bytes: Buffer, contentType?: string): DecodedFeed {
  if (bytes.length === 0) throw new FeedReadError('the feed is empty');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  for (const label of [charsetOf(contentType), xmlDeclaredEncoding(bytes)]) {
    const decoder = decoderFor(label);
    // A UTF-8 label on bytes that are not UTF-8 is a lie often told; the fallback below decides.
    if (decoder && decoder.encoding !== 'utf-8') return { text: decoder.decode(bytes), encoding: decoder.encoding };
    if (decoder) break;
  }
  try {
    return { text: utf8Strict.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}
