// The dataset card written beside every export (FILE.card.json and FILE.card.md): what each
// field means, how the rows were chosen, what they contain, and how authors were hidden.
import type { ExportFilter } from '../store/export.ts';
import type { Field } from './fields.ts';
import { type ExportFormat, type ExportStats, sortedStats } from './stream.ts';

export interface DatasetCard {
  name: string;
  format: ExportFormat;
  generatedAt: string;
  generator: string;
  rowsAre: string;
  order: string;
  filters: ExportFilter;
  counts: ExportStats;
  fields: { name: string; type: string; nullable: boolean; description: string }[];
  authors: { mode: 'pseudonymised' | 'clear'; note: string };
  csv?: { bom: boolean; formulaInjection: string; encoding: string };
  determinism: string;
}

export interface CardInput {
  name: string;
  format: ExportFormat;
  filter: ExportFilter;
  fields: readonly Field[];
  stats: ExportStats;
  clearAuthors: boolean;
  bom: boolean;
  generatedAt: Date;
  version?: string;
}

const TYPE_NAMES: Record<Field['type'], Record<ExportFormat, string>> = {
  string: { csv: 'text', jsonl: 'string', parquet: 'STRING (UTF8)' },
  timestamp: {
    csv: 'ISO 8601 UTC text',
    jsonl: 'ISO 8601 UTC string',
    parquet: 'TIMESTAMP (ms, UTC)',
  },
  double: { csv: 'number', jsonl: 'number', parquet: 'DOUBLE' },
  bool: { csv: 'true/false', jsonl: 'boolean', parquet: 'BOOLEAN' },
  list: { csv: 'JSON array text', jsonl: 'array of strings', parquet: 'LIST<STRING>' },
  json: { csv: 'JSON text', jsonl: 'JSON value', parquet: 'STRING (JSON)' },
};

export function buildCard(c: CardInput): DatasetCard {
  const card: DatasetCard = {
    name: c.name,
    format: c.format,
    generatedAt: c.generatedAt.toISOString(),
    generator: `grogne ${c.version ?? '0.1.0'}`,
    rowsAre:
      'one row per post and brand it mentions (post × brand); a post that names no brand gives one row with a null brand. Post-level fields repeat on each of its rows; counts of sentiment, complaint, sources and versions are per post.',
    order: 'postId, then brand (nulls first): a unique key',
    filters: c.filter,
    counts: sortedStats(c.stats),
    fields: c.fields.map((f) => ({
      name: f.name,
      type: TYPE_NAMES[f.type][c.format],
      nullable: !f.required && f.type !== 'list',
      description: f.description,
    })),
    authors: c.clearAuthors
      ? {
          mode: 'clear',
          note: 'Author names are given as published (export made by an administrator on request). Handle as personal data.',
        }
      : {
          mode: 'pseudonymised',
          note: 'Each author name is replaced by the first 32 hex digits of HMAC-SHA256(secret, name). The same name gives the same pseudonym across this database’s exports; without the secret, which is kept out of every export, names can be neither recovered nor checked. URLs that name a member (profile paths, author parameters, the author spelt in them) carry the pseudonym instead. Names may still appear inside post texts.',
        },
    determinism:
      'The same database, filters and fields give byte-identical CSV and JSON Lines files: rows are ordered by a unique key and the data holds no generation time (this card does).',
  };
  if (c.format === 'csv') {
    card.csv = {
      bom: c.bom,
      encoding:
        'UTF-8, RFC 4180 (CRLF line ends, fields with comma, quote or line break quoted, quotes doubled)',
      formulaInjection:
        "A text cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe (') so that spreadsheets show it as text instead of running it as a formula. Strip one leading apostrophe from such cells to get the original text. Number, boolean, list and JSON cells are never changed.",
    };
  }
  return card;
}

function table(head: string[], rows: string[][]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

const counted = (o: Record<string, number>) =>
  table(
    ['label', 'count'],
    Object.entries(o).map(([k, v]) => [k, String(v)]),
  );

export function cardMarkdown(card: DatasetCard): string {
  const filters = Object.entries(card.filters);
  const parts = [
    `# Dataset card: ${card.name}`,
    '',
    `Format: ${card.format}. Generated ${card.generatedAt} by ${card.generator}.`,
    '',
    `**Rows**: ${card.rowsAre}`,
    '',
    `**Order**: ${card.order}.`,
    '',
    '## Filters',
    '',
    filters.length === 0
      ? 'None: every scored post.'
      : table(
          ['filter', 'value'],
          filters.map(([k, v]) => [k, JSON.stringify(v)]),
        ),
    '',
    '## Counts',
    '',
    `${card.counts.rows} rows, ${card.counts.posts} posts, ${card.counts.bytes} bytes.`,
    '',
    '### Sentiment (posts)',
    '',
    counted(card.counts.sentiment),
    '',
    '### Complaint (posts)',
    '',
    counted(card.counts.complaint),
    '',
    '### Brands (rows)',
    '',
    table(
      ['brand', 'rows', 'targeted'],
      Object.entries(card.counts.brands).map(([k, v]) => [k, String(v.rows), String(v.targeted)]),
    ),
    '',
    '### Sources (posts)',
    '',
    counted(card.counts.sources),
    '',
    '### Model and scoring versions (posts)',
    '',
    counted(card.counts.modelVersions),
    '',
    counted(card.counts.scoringVersions),
    '',
    '## Fields',
    '',
    table(
      ['field', 'type', 'nullable', 'meaning'],
      card.fields.map((f) => [f.name, f.type, f.nullable ? 'yes' : 'no', f.description]),
    ),
    '',
    '## Authors',
    '',
    `${card.authors.mode}: ${card.authors.note}`,
    '',
  ];
  if (card.csv) {
    parts.push(
      '## CSV',
      '',
      `${card.csv.encoding}${card.csv.bom ? ', with a byte-order mark' : ', no byte-order mark'}.`,
      '',
      `Formula injection: ${card.csv.formulaInjection}`,
      '',
    );
  }
  parts.push('## Determinism', '', card.determinism, '');
  return parts.join('\n');
}
