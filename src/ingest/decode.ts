// Bytes to text. French feeds still come in ISO-8859-1 or windows-1252, often without saying
// so; a wrong guess turns "Café" into "CafÃ©" and breaks brand and word matching downstream.
// Order of evidence, strongest first: BOM, HTTP charset, XML declaration, HTML meta, bytes
// that are valid UTF-8, and windows-1252 as the last resort. A UTF-8 document with a few
// stray Latin-1 bytes stays UTF-8, and only those bytes are read as windows-1252.
import iconv from 'iconv-lite';
import { decodeUtf8Repairing } from './utf8-repair.ts';

export interface Decoded {
  text: string;
  /** The charset used, lowercase ("utf-8", "windows-1252"). */
  charset: string;
  /**
   * Where the charset came from. "bom" covers the byte signatures of UTF-16/32 without a BOM
   * too; "utf8-mostly" is an undeclared document that is UTF-8 but for a few stray bytes.
   */
  from: 'bom' | 'http' | 'xml' | 'meta' | 'utf8-valid' | 'utf8-mostly' | 'fallback';
  /**
   * Bytes that were invalid in the charset used and were read as windows-1252 (0 when the
   * document decoded cleanly): the text is right, but the document was damaged.
   */
  repaired: number;
}

/** Maps a declared label to the decoder to use; null when no decoder knows it. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  // Browsers decode ISO-8859-1 and ASCII as windows-1252: servers that say latin-1 often send
  // cp1252's "€", "œ" and curly quotes (0x80-0x9F), which ISO-8859-1 leaves as control chars.
  if (/^(iso[-_ ]?8859[-_ ]?1|latin-?1|l1|us-ascii|ascii|cp819|iso_8859-1:1987)$/.test(l))
    return 'windows-1252';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  // GB2312 pages use GBK's extra characters; GB18030 decodes both (browsers do the same).
  if (/^(gb2312|gbk|x-gbk|csgb2312|chinese)$/.test(l)) return 'gb18030';
  return iconv.encodingExists(l) ? l : null;
}

function bomCharset(b: Buffer): { charset: string; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  // UTF-32's BOMs before UTF-16's: FF FE 00 00 starts with UTF-16LE's FF FE.
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff)
    return { charset: 'utf-32be', skip: 4 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00)
    return { charset: 'utf-32le', skip: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

/**
 * UTF-16 and UTF-32 without a BOM, told by how "<?" (or any first "<") is laid out in bytes
 * (XML 1.0, appendix F). Their XML declaration cannot be read as ASCII, so this comes first.
 */
function signatureCharset(b: Buffer): string | null {
  if (b.length < 4) return null;
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0) return 'utf-32le';
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 !== 0) return 'utf-16be';
  if (b0 === 0x3c && b1 === 0 && b2 !== 0 && b3 === 0) return 'utf-16le';
  return null;
}

function httpCharset(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return m ? normaliseCharset(m[2]) : null;
}

function xmlCharset(head: string): string | null {
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return m ? normaliseCharset(m[1]) : null;
}

function metaCharset(head: string): string | null {
  const m =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head);
  return m ? normaliseCharset(m[1]) : null;
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

function decodeAs(b: Buffer, charset: string): string {
  return charset === 'utf-8' ? new TextDecoder('utf-8').decode(b) : iconv.decode(b, charset);
}

/**
 * Bytes that are UTF-8 but for a few invalid ones, decoded with those read as windows-1252;
 * null when the bytes hold no more well-formed multi-byte sequences than invalid bytes: that
 * is a single-byte document (in windows-1252 French, "É" before a no-break space happens to be
 * valid UTF-8), better decoded whole.
 */
function mostlyUtf8(b: Buffer): { text: string; repaired: number } | null {
  const { text, repaired, multibyte } = decodeUtf8Repairing(b);
  return multibyte > repaired ? { text, repaired } : null;
}

/** Decodes a fetched body; `contentType` is the HTTP Content-Type header, when there was one. */
export function decodeBody(body: Buffer, contentType?: string | null): Decoded {
  const bom = bomCharset(body);
  if (bom) {
    const rest = body.subarray(bom.skip);
    // A UTF-8 signature settles the charset: stray bytes after it are repaired, not obeyed.
    if (bom.charset === 'utf-8' && !isUtf8(rest)) {
      const { text, repaired } = decodeUtf8Repairing(rest);
      return { text, charset: 'utf-8', from: 'bom', repaired };
    }
    return { text: decodeAs(rest, bom.charset), ...only(bom.charset, 'bom') };
  }
  const signature = signatureCharset(body);
  if (signature) return { text: decodeAs(body, signature), ...only(signature, 'bom') };
  // Declarations are ASCII, so reading the head as latin1 is safe whatever the real charset.
  const head = body.subarray(0, 4096).toString('latin1');
  const declared: [string | null, Decoded['from']][] = [
    [httpCharset(contentType), 'http'],
    [xmlCharset(head), 'xml'],
    [metaCharset(head), 'meta'],
  ];
  for (const [charset, from] of declared) {
    if (!charset) continue;
    // We read this declaration as ASCII, so the bytes are not UTF-16 or UTF-32, whatever it says.
    if (/^utf-?(16|32)/.test(charset)) continue;
    if (charset === 'utf-8' && !isUtf8(body)) {
      // UTF-8 with a few stray bytes: repaired where they are. A page that claims UTF-8 and
      // has no UTF-8 in it is windows-1252 mislabelled, decoded whole below.
      const mostly = mostlyUtf8(body);
      if (mostly) return { ...mostly, charset, from };
      break;
    }
    return { text: decodeAs(body, charset), ...only(charset, from) };
  }
  if (isUtf8(body)) return { text: decodeAs(body, 'utf-8'), ...only('utf-8', 'utf8-valid') };
  const mostly = mostlyUtf8(body);
  if (mostly) return { ...mostly, charset: 'utf-8', from: 'utf8-mostly' };
  return { text: iconv.decode(body, 'windows-1252'), ...only('windows-1252', 'fallback') };
}

function only(charset: string, from: Decoded['from']): Omit<Decoded, 'text'> {
  return { charset, from, repaired: 0 };
}
