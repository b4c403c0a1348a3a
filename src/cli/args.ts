// Flag parsing shared by every verb: node:util's parseArgs, with errors turned into InputError
// so that a typo exits with code 2 and one line, not a stack trace.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError } from '../errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const commonOptions = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals,
      strict: true,
    });
    return { values, positionals: positionals as string[] };
  } catch (err) {
    throw new InputError((err as Error).message.split('\n')[0]!);
  }
}

export function intFlag(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InputError(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}
