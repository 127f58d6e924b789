/** Turning file bytes into text, or saying why they are not text. */

export type Encoding = 'utf-8' | 'latin1' | 'utf-16le' | 'utf-16be';
export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Windows' "Unicode" text files (Notepad, PowerShell's Out-File) are UTF-16 with a byte order
// mark; their NUL bytes would otherwise read as binary. Without a BOM, UTF-16 is not guessed at.
const utf16 = { 'utf-16le': new TextDecoder('utf-16le', { fatal: true }), 'utf-16be': new TextDecoder('utf-16be', { fatal: true }) };

function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

// Windows-1252, the usual "Latin-1" of old exports, puts curly quotes and dashes in 0x80–0x9F.
// (Node's TextDecoder('latin1') decodes true ISO-8859-1 there, despite the WHATWG label.)
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeCp1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Share of C0/C1 control characters (tabs and newlines aside) above which bytes are not text. */
const MAX_CONTROL_SHARE = 0.01;

function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 127 || (c >= 0x80 && c <= 0x9f)) n++;
  }
  return n / text.length;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  const wide = utf16Bom(bytes);
  if (wide) return judged(decodeUtf16(bytes, wide), wide);
  // Text files never contain NUL; binaries (images, archives) almost always do.
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text: string;
  let encoding: Encoding = 'utf-8';
  try {
    text = utf8.decode(bytes);
  } catch {
    // Old exports are often Latin-1: every byte decodes, so judge the result instead.
    text = decodeCp1252(bytes);
    encoding = 'latin1';
    if (controlShare(text) > MAX_CONTROL_SHARE) return { ok: false, reason: 'not text: invalid UTF-8 and not Latin-1 either' };
  }
  return judged(text, encoding);
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string | undefined {
  try {
    // The decoder drops the BOM itself.
    return utf16[encoding].decode(bytes);
  } catch {
    return undefined;
  }
}

function judged(decoded: string | undefined, encoding: Encoding): Decoded {
  if (decoded === undefined) return { ok: false, reason: `not text: starts like ${encoding.toUpperCase()} but does not decode as it` };
  const text = decoded.replace(/^\uFEFF/, '');
  if (controlShare(text) > MAX_CONTROL_SHARE) return { ok: false, reason: 'binary file (control characters)' };
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  return { ok: true, text, encoding };
}
