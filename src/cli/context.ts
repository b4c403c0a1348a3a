// Finds and loads the configuration a verb runs with, and opens the store it names.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type LoadedConfig, loadConfig, resolveFrom } from '../config.ts';
import { type Db, openStore } from '../store/open.ts';
import { syncBrands, syncSources } from '../store/write.ts';
import type { Io } from './io.ts';

export const DEFAULT_CONFIG = 'grogne.config.json';

/** Precedence: --config, then GROGNE_CONFIG, then ./grogne.config.json. */
export function configPath(flag: string | undefined, io: Io): string {
  const chosen = flag || io.env.GROGNE_CONFIG || DEFAULT_CONFIG;
  return resolve(io.cwd, chosen);
}

/** True when a config was named, or the default one exists: verbs that can run without one ask. */
export function hasConfig(flag: string | undefined, io: Io): boolean {
  return Boolean(flag || io.env.GROGNE_CONFIG) || existsSync(configPath(undefined, io));
}

export function loadFor(flag: string | undefined, io: Io): LoadedConfig {
  const path = configPath(flag, io);
  if (!existsSync(path) && !flag && !io.env.GROGNE_CONFIG) {
    throw new ConfigError(
      `no ${DEFAULT_CONFIG} in ${io.cwd}: run from the project root or pass --config FILE`,
    );
  }
  return loadConfig(path);
}

/** Opens the configured database, migrates it, and mirrors the config's sources and brands. */
export function openConfigured(loaded: LoadedConfig): Db {
  const db = openStore(resolveFrom(loaded.baseDir, loaded.config.database));
  syncSources(db, loaded.config.sources);
  syncBrands(db, loaded.config.brands);
  return db;
}
