// `grogne keys create|list|revoke`: API keys. A key is printed once, at creation; the store
// keeps only its sha256 and a short prefix to tell keys apart.
import { randomBytes } from 'node:crypto';
import { generateKey } from '../api/auth.ts';
import { InputError } from '../errors.ts';
import { insertKey, listKeys, type Role, revokeKey } from '../store/keys.ts';
import { commonOptions, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';

export interface KeysDeps {
  now?: () => Date;
  random?: (n: number) => Buffer;
}

const BRAND_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export async function keysVerb(argv: string[], io: Io, deps: KeysDeps = {}): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...commonOptions,
      role: { type: 'string' },
      brands: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const [action, ...rest] = positionals;
  if (action !== 'create' && action !== 'list' && action !== 'revoke') {
    throw new InputError('expected create, list or revoke (grogne keys --help)');
  }
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? randomBytes;
  const db = openConfigured(loadFor(values.config, io));
  try {
    if (action === 'create') {
      const role = values.role as Role | undefined;
      if (role !== 'reader' && role !== 'editor' && role !== 'admin') {
        throw new InputError('--role: expected reader, editor or admin');
      }
      const brands = values.brands
        ? values.brands
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean)
        : null;
      const bad = brands?.find((b) => !BRAND_ID.test(b));
      if (bad !== undefined)
        throw new InputError(`--brands: ${JSON.stringify(bad)} is not a brand id`);
      if (brands !== null && brands.length === 0) throw new InputError('--brands: empty list');
      const made = generateKey(random);
      const id = `key_${random(4).toString('hex')}`;
      insertKey(db, {
        id,
        name: values.name ?? null,
        prefix: made.prefix,
        hash: made.hash,
        role,
        brands,
        createdAt: now().toISOString(),
      });
      line(io.stdout, made.key);
      line(
        io.stderr,
        `created ${role} key ${id}${brands ? ` for ${brands.join(', ')}` : ''}: shown once, store it now (Authorization: Bearer <key>)`,
      );
      return 0;
    }
    if (action === 'list') {
      const keys = listKeys(db);
      if (values.json) {
        line(io.stdout, JSON.stringify(keys, null, 2));
        return 0;
      }
      for (const k of keys) {
        line(
          io.stdout,
          [
            k.id.padEnd(13),
            `${k.prefix}…`.padEnd(12),
            k.role.padEnd(6),
            (k.brands?.join(',') ?? 'all brands').padEnd(16),
            k.revokedAt ? `revoked ${k.revokedAt}` : `created ${k.createdAt}`,
            k.name ?? '',
          ].join('  '),
        );
      }
      return 0;
    }
    const id = rest[0];
    if (!id) throw new InputError('revoke: give the key id (grogne keys list)');
    if (!revokeKey(db, id, now().toISOString())) {
      throw new InputError(`revoke: no live key with id ${JSON.stringify(id)}`);
    }
    line(io.stdout, `revoked ${id}`);
    return 0;
  } finally {
    db.close();
  }
}
