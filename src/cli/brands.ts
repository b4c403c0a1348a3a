// grogne's default watch list (data/brands/default.json): the brands `analyze` and `eval`
// watch when no config names others. Read and checked against the config's brand schema.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type BrandConfig, brandSchema } from '../config.ts';

const DEFAULT_BRANDS = new URL('../../data/brands/default.json', import.meta.url);

export function defaultBrands(): BrandConfig[] {
  return z.array(brandSchema).parse(JSON.parse(readFileSync(DEFAULT_BRANDS, 'utf8')));
}
