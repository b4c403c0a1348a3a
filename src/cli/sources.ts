import { listSources } from '../store/read.ts';
import { commonOptions, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';

export async function sourcesVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { ...commonOptions, json: { type: 'boolean' } });
  const db = openConfigured(loadFor(values.config, io));
  try {
    const rows = listSources(db);
    if (values.json) {
      line(io.stdout, JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const s of rows) {
      const r = s as unknown as Record<string, unknown>;
      line(
        io.stdout,
        [
          String(r.id).padEnd(20),
          String(r.kind).padEnd(6),
          String(r.state ?? '').padEnd(7),
          `posts ${r.posts ?? '?'}`.padEnd(10),
          `last ${r.lastFetchAt ?? 'never'}`,
          `next ${r.nextCheckAt ?? 'now'}`,
          r.lastError ? `error: ${r.lastError}` : '',
        ].join('  '),
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
