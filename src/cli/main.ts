// The `grogne` command: dispatches a verb and turns errors into exit codes
// (0 ok, 1 runtime failure, 2 bad input or configuration) with one line on stderr per problem.
import { ConfigError, InputError, SourceError } from '../errors.ts';
import { packageVersion } from '../version.ts';
import { HELP } from './help.ts';
import { type Io, line, processIo } from './io.ts';

type Verb = (argv: string[], io: Io) => Promise<number>;

const verbs: Record<string, () => Promise<Verb>> = {
  start: async () => (await import('./start.ts')).start,
  worker: async () => (await import('./worker.ts')).workerVerb,
  crawl: async () => (await import('./crawl.ts')).crawl,
  serve: async () => (await import('./serve.ts')).serveVerb,
  analyze: async () => (await import('./analyze.ts')).analyzeVerb,
  inspect: async () => (await import('./inspect.ts')).inspectVerb,
  migrate: async () => (await import('./migrate.ts')).migrateVerb,
  sources: async () => (await import('./sources.ts')).sourcesVerb,
  eval: async () => (await import('./eval.ts')).evalVerb,
  keys: async () => (await import('./keys.ts')).keysVerb,
  rescore: async () => (await import('./rescore.ts')).rescoreVerb,
  digest: async () => (await import('./digest.ts')).digestVerb,
  export: async () => (await import('./export.ts')).exportVerb,
  import: async () => (await import('./import.ts')).importVerb,
};

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    line(name ? io.stdout : io.stderr, HELP.grogne!);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    line(io.stdout, `grogne ${packageVersion()}`);
    return 0;
  }
  const load = verbs[name];
  if (!load) {
    line(io.stderr, `grogne: unknown verb "${name}" (try grogne --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    line(io.stdout, HELP[name] ?? HELP.grogne!);
    return 0;
  }
  try {
    return await (await load())(rest, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof InputError || err instanceof SourceError) {
      // A refused configuration says every problem at once, one line each.
      for (const problem of err.message.split('\n')) line(io.stderr, `grogne ${name}: ${problem}`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    line(io.stderr, `grogne ${name}: ${msg}`);
    if (io.env.GROGNE_DEBUG && err instanceof Error && err.stack) line(io.stderr, err.stack);
    return 1;
  }
}
