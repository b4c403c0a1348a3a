import { resolveFrom } from '../config.ts';
import { migrate } from '../store/migrations.ts';
import { openStore } from '../store/open.ts';
import { commonOptions, parse } from './args.ts';
import { loadFor } from './context.ts';
import { type Io, line } from './io.ts';

export async function migrateVerb(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, commonOptions);
  const loaded = loadFor(values.config, io);
  const path = resolveFrom(loaded.baseDir, loaded.config.database);
  const db = openStore(path);
  try {
    const { to } = migrate(db);
    line(io.stdout, `database ${path} at schema version ${to}`);
    return 0;
  } finally {
    db.close();
  }
}
