import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, normaliseCharset } from '../../src/ingest/decode.ts';

const FR = 'Café, œuvre, 12 € — « déçu »';
const cp1252 = iconv.encode(FR, 'windows-1252');
const utf8 = Buffer.from(FR, 'utf8');

describe('decodeBody', () => {
  // Each row: bytes, Content-Type, where the charset must come from.
  it.each([
    [
      'UTF-8 BOM beats a wrong HTTP charset',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]),
      'text/xml; charset=iso-8859-1',
      'bom',
    ],
    [
      'UTF-16LE BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(FR, 'utf-16le')]),
      null,
      'bom',
    ],
    ['HTTP charset', cp1252, 'application/rss+xml; charset="windows-1252"', 'http'],
    [
      'HTTP ISO-8859-1 read as windows-1252 (€ and œ survive)',
      cp1252,
      'text/html; charset=ISO-8859-1',
      'http',
    ],
    [
      'XML declaration',
      Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>'), cp1252]),
      null,
      'xml',
    ],
    [
      'HTML meta charset',
      Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"></head>'), cp1252]),
      null,
      'meta',
    ],
    [
      'HTML meta http-equiv',
      Buffer.concat([
        Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        cp1252,
      ]),
      null,
      'meta',
    ],
    ['undeclared but valid UTF-8', utf8, null, 'utf8-valid'],
    ['undeclared and not UTF-8: windows-1252', cp1252, null, 'fallback'],
    ['claims UTF-8 but is not: windows-1252', cp1252, 'text/xml; charset=utf-8', 'fallback'],
  ] as const)('%s', (_label, bytes, contentType, from) => {
    const out = decodeBody(Buffer.from(bytes), contentType);
    expect(out.text).toContain(FR);
    expect(out.from).toBe(from);
  });

  // UTF-8 documents with a few Latin-1 bytes (a comment pasted from an old editor): the stray
  // bytes are read as windows-1252 where they are, the rest stays UTF-8, and the repair is
  // counted. Decoding the whole document as windows-1252 would garble every good accent.
  const good = Buffer.from('Le réseau est complètement saturé, « inadmissible » — ', 'utf8');
  const stray = Buffer.concat([
    good,
    Buffer.from('d'),
    Buffer.from([0xe9]),
    Buffer.from('cidément'),
  ]);
  const xmlUtf8 = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>');
  it.each([
    ['declared UTF-8 by HTTP', stray, 'application/rss+xml; charset=utf-8', 'http'],
    ['declared UTF-8 by the XML declaration', Buffer.concat([xmlUtf8, stray]), null, 'xml'],
    ['undeclared', stray, null, 'utf8-mostly'],
    ['after a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), stray]), null, 'bom'],
  ] as const)('UTF-8 with one stray byte, %s: repaired in place', (_label, bytes, type, from) => {
    const out = decodeBody(bytes, type);
    expect(out).toMatchObject({ charset: 'utf-8', from, repaired: 1 });
    expect(out.text).toContain('Le réseau est complètement saturé, « inadmissible » — décidément');
    expect(out.text).not.toMatch(/Ã|Â|\uFFFD/);
  });

  it('a clean document reports no repair', () => {
    expect(decodeBody(utf8, 'text/xml; charset=utf-8').repaired).toBe(0);
    expect(decodeBody(cp1252, 'text/xml; charset=windows-1252').repaired).toBe(0);
  });

  // windows-1252 French whose "É" before a no-break space happens to be valid UTF-8 ("ɠ"):
  // one accidental sequence among many Latin-1 bytes is not UTF-8, the document is decoded whole.
  it('windows-1252 text with an accidental UTF-8 sequence stays windows-1252', () => {
    const shout = iconv.encode(`CAFÉ\u00a0! ${FR}`, 'windows-1252');
    const out = decodeBody(shout, 'text/xml; charset=utf-8');
    expect(out).toMatchObject({ charset: 'windows-1252', from: 'fallback', repaired: 0 });
    expect(out.text).toBe(`CAFÉ\u00a0! ${FR}`);
  });

  it('maps Latin-1 labels to windows-1252 and refuses unknown labels', () => {
    expect(normaliseCharset('ISO-8859-1')).toBe('windows-1252');
    expect(normaliseCharset('latin1')).toBe('windows-1252');
    expect(normaliseCharset('UTF8')).toBe('utf-8');
    expect(normaliseCharset('x-klingon')).toBeNull();
  });
});
