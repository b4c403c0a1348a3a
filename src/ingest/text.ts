// HTML to the plain text that analysis reads. Block boundaries become newlines so that
// sentences from two paragraphs never merge ("…en panne" + "Le service…").
import * as cheerio from 'cheerio';

// The few fields of a parsed node we read (domhandler's types, without depending on it).
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

// biome-ignore format: a word list
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'blockquote', 'section', 'article', 'header', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'pre', 'hr', 'dd', 'dt', 'dl', 'figure',
  'figcaption', 'aside', 'main', 'nav', 'td', 'th',
]);

const DROP = 'script, style, noscript, template, iframe, object, embed, svg, head';

/** Plain text of an HTML fragment (or of plain text): NFC, one line per block, no blank runs. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  // Plain text (forum posts, most titles) needs no DOM: cheerio costs ~1 ms a call.
  if (!/[<&]/.test(html)) return tidy(html);
  const $ = cheerio.load(html, null, false);
  $(DROP).remove();
  const out: string[] = [];
  const walk = (nodes: DomNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') out.push(n.data ?? '');
      else if (n.type === 'tag') {
        const block = BLOCK.has(n.name ?? '');
        if (block) out.push('\n');
        walk(n.children ?? []);
        if (block) out.push('\n');
      }
    }
  };
  walk($.root().contents().toArray() as unknown as DomNode[]);
  return tidy(out.join(''));
}

/** NFC, no control characters, one line per block, spaces collapsed, no blank lines. */
export function tidy(text: string): string {
  return (
    text
      .normalize('NFC')
      // C0 controls (a stray backspace pasted into a title) are no text; tab and newline stay.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .split('\n')
      .map((l) => l.replace(/[\s\u00a0\u200b]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n')
  );
}
