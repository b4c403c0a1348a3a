// Shared brand config for the nlp tests: the canonical case's brands (DESIGN.md).
import { type BrandConfig, brandSchema } from '../../src/config.ts';

export const BRANDS: BrandConfig[] = [
  { id: 'sfr', name: 'SFR', aliases: ['SFR'], handles: ['@SFR', '#SFR'] },
  { id: 'fnac', name: 'Fnac', aliases: ['Fnac'] },
  {
    id: 'orange',
    name: 'Orange',
    aliases: ['Orange'],
    exclude: ["jus d'orange"],
    context: [
      'opérateur',
      'box',
      'fibre',
      'réseau',
      'forfait',
      'mobile',
      'internet',
      'sfr',
      'free',
    ],
  },
  { id: 'free', name: 'Free', aliases: ['Free', 'Freebox', 'Free Mobile'], handles: ['@free'] },
].map((b) => brandSchema.parse(b));
