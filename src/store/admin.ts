// Sources and brands added, changed or removed over the API. They are marked origin 'api' so
// that the next start, which mirrors the config file, does not disable them.
import type { BrandConfig, SourceConfig } from '../config.ts';
import { sourceConfigOf, storedSource } from './crawl-state.ts';
import type { Db } from './open.ts';
import { sourceParams } from './write.ts';

export function sourceExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM sources WHERE id = ?').get(id) !== undefined;
}

export function brandExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM brands WHERE id = ?').get(id) !== undefined;
}

/** The source's settings as the config schema knows them, or null. */
export function getSourceConfig(db: Db, id: string): SourceConfig | null {
  const row = storedSource(db, id);
  return row ? sourceConfigOf(row) : null;
}

export function getBrandConfig(db: Db, id: string): BrandConfig | null {
  const r = db
    .prepare<[string], { config_json: string }>('SELECT config_json FROM brands WHERE id = ?')
    .get(id);
  return r ? (JSON.parse(r.config_json) as BrandConfig) : null;
}

/** Inserts or replaces a source's settings; its fetch state is kept. */
export function putSource(db: Db, s: SourceConfig, at: string): void {
  db.prepare(`
    INSERT INTO sources (id, kind, url, file, name, audience, interval_s, enabled, options_json,
      created_at, origin)
    VALUES (@id, @kind, @url, @file, @name, @audience, @interval, @enabled, @options, @at, 'api')
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, url = excluded.url,
      file = excluded.file, name = excluded.name, audience = excluded.audience,
      interval_s = excluded.interval_s, enabled = excluded.enabled,
      options_json = excluded.options_json, origin = 'api'`).run(sourceParams(s, at));
}

/** Deletes a source and, by cascade, its posts. */
export function deleteSource(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM sources WHERE id = ?').run(id).changes === 1;
}

export function putBrand(db: Db, b: BrandConfig): void {
  db.prepare(`
    INSERT INTO brands (id, name, config_json, origin) VALUES (?, ?, ?, 'api')
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, config_json = excluded.config_json,
      origin = 'api'`).run(b.id, b.name, JSON.stringify(b));
}

/** Deletes a brand and its mentions (posts stay: they may name other brands). */
export function deleteBrand(db: Db, id: string): boolean {
  return db
    .transaction(() => {
      db.prepare('DELETE FROM brand_mentions WHERE brand_id = ?').run(id);
      return db.prepare('DELETE FROM brands WHERE id = ?').run(id).changes === 1;
    })
    .immediate();
}
