import { z } from 'zod';
import type { PackedTerms } from '../news/packed-terms.js';

/**
 * How a document's packed analysis sits in its row: the stems as one space-separated text (stems
 * hold no spaces: they are what the full-text index splits on too), the tokens as a blob of
 * little-endian local ids — two bytes each when the document has under 65,535 distinct stems
 * (every real article), four otherwise — after a header of three int32s: width, title end, lead
 * end. Acronyms as JSON.
 */

const HEADER = 12;
const NARROW_BREAK = 0xffff;
/** Typed arrays use the machine's byte order: on a little-endian one they read and write the blob as it is. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface TermsColumns {
  terms: Buffer;
  lexicon: string;
  acronyms: string;
}

export function encodeTerms(p: PackedTerms): TermsColumns {
  const width = p.lexicon.length < NARROW_BREAK ? 2 : 4;
  const buf = Buffer.allocUnsafe(HEADER + p.ids.length * width);
  buf.writeInt32LE(width, 0);
  buf.writeInt32LE(p.titleEnd, 4);
  buf.writeInt32LE(p.leadEnd, 8);
  if (LITTLE_ENDIAN) {
    // -1 (BREAK) stored in 16 bits is NARROW_BREAK.
    const body = width === 2 ? new Uint16Array(p.ids) : p.ids;
    buf.set(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), HEADER);
  } else {
    let o = HEADER;
    for (let k = 0; k < p.ids.length; k++, o += width) {
      if (width === 2) buf.writeUInt16LE(p.ids[k]! < 0 ? NARROW_BREAK : p.ids[k]!, o);
      else buf.writeInt32LE(p.ids[k]!, o);
    }
  }
  return { terms: buf, lexicon: p.lexicon.join(' '), acronyms: JSON.stringify(p.acronyms) };
}

const acronymsSchema = z.array(z.tuple([z.string(), z.number()]));

/** The packed analysis of a row; undefined for a row stored without one (or a damaged blob: the library analyzes the text then). */
export function decodeTerms(terms: Buffer, lexicon: string, acronyms: string): PackedTerms | undefined {
  if (terms.length < HEADER) return undefined;
  const width = terms.readInt32LE(0);
  if ((width !== 2 && width !== 4) || (terms.length - HEADER) % width !== 0) return undefined;
  const n = (terms.length - HEADER) / width;
  const ids = new Int32Array(n);
  const words = lexicon === '' ? [] : lexicon.split(' ');
  let raw: ArrayLike<number>;
  if (LITTLE_ENDIAN) {
    const offset = terms.byteOffset + HEADER;
    let buffer = terms.buffer;
    let start = offset;
    if (offset % width !== 0) {
      // Copied out: a typed view needs its bytes aligned.
      buffer = terms.buffer.slice(offset, offset + n * width);
      start = 0;
    }
    raw = width === 2 ? new Uint16Array(buffer, start, n) : new Int32Array(buffer, start, n);
  } else {
    const read: number[] = [];
    for (let o = HEADER; o < terms.length; o += width) read.push(width === 2 ? terms.readUInt16LE(o) : terms.readInt32LE(o));
    raw = read;
  }
  for (let k = 0; k < n; k++) {
    const v = raw[k]!;
    const id = width === 2 && v === NARROW_BREAK ? -1 : v;
    if (id >= words.length) return undefined;
    ids[k] = id;
  }
  return { lexicon: words, ids, titleEnd: terms.readInt32LE(4), leadEnd: terms.readInt32LE(8), acronyms: acronymsSchema.parse(JSON.parse(acronyms)) };
}
