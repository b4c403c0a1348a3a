// `grogne digest`: sends (once), previews or writes out the daily digest; `grogne digest status`
// shows the ledger. Secrets come from the environment here, and only here.
import { resolve } from 'node:path';
import type { Config, DigestConfig } from '../config.ts';
import { ConfigError } from '../config.ts';
import { buildDigest } from '../digest/build.ts';
import { dueDate, isDate, localDate, nextSendAfter } from '../digest/calendar.ts';
import { outboxMailer } from '../digest/deliver.ts';
import { pseudonymiser } from '../digest/pseudonym.ts';
import { renderDigest } from '../digest/render.ts';
import { type DigestScheduler, startDigestScheduler } from '../digest/scheduler.ts';
import { type Credentials, DEFAULT_FROM, type RunResult, runDigest } from '../digest/send.ts';
import { InputError } from '../errors.ts';
import { recentSends } from '../store/digest-sends.ts';
import { commonOptions, parse } from './args.ts';
import { loadFor, openConfigured } from './context.ts';
import { type Io, line } from './io.ts';

/** The environment variables the digest honours (docs/digest.md). */
export function credentialsFrom(env: Record<string, string | undefined>): Credentials {
  const pick = (k: string) => (env[k] ? env[k] : undefined);
  return {
    smtpUser: pick('GROGNE_SMTP_USER'),
    smtpPass: pick('GROGNE_SMTP_PASS'),
    pseudonymKey: pick('GROGNE_PSEUDONYM_KEY'),
    webhookSecret: pick('GROGNE_WEBHOOK_SECRET'),
  };
}

function chosen(config: Config, name: string | undefined): DigestConfig[] {
  if (config.digests.length === 0) {
    throw new ConfigError('no digest configured: add one to "digests" (see docs/digest.md)');
  }
  if (name === undefined) return config.digests;
  const d = config.digests.find((x) => x.name === name);
  if (!d) {
    const known = config.digests.map((x) => x.name).join(', ');
    throw new InputError(`--name: no digest "${name}" (configured: ${known})`);
  }
  return [d];
}

export async function digestVerb(argv: string[], io: Io, now = () => new Date()): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...commonOptions,
      name: { type: 'string' },
      date: { type: 'string' },
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
    },
    true,
  );
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'status')) {
    throw new InputError(`unexpected argument "${positionals.join(' ')}" (only "status")`);
  }
  if (values.date !== undefined && !isDate(values.date)) {
    throw new InputError(`--date: expected YYYY-MM-DD, got ${JSON.stringify(values.date)}`);
  }
  const loaded = loadFor(values.config, io);
  const digests = chosen(loaded.config, values.name);
  const credentials = credentialsFrom(io.env);
  const db = openConfigured(loaded);
  try {
    if (positionals[0] === 'status') return status(db, digests, io, now());
    let code = 0;
    for (const d of digests) {
      const date = values.date ?? dueDate(now().getTime(), d);
      if (values['dry-run'] || values.out !== undefined) {
        const key = credentials.pseudonymKey ?? loaded.config.delivery.pseudonymKey;
        const digest = buildDigest(db, d, date, {
          brands: loaded.config.brands,
          pseudonym: key ? pseudonymiser(key) : undefined,
          halfLifeHours: loaded.config.scoring.halfLifeHours,
        });
        const r = renderDigest(digest);
        if (values.out !== undefined) {
          const dir = resolve(io.cwd, values.out);
          const from = loaded.config.delivery.smtp?.from ?? DEFAULT_FROM;
          const mailer = outboxMailer(dir);
          await mailer.send({
            from,
            to: d.recipients[0] ?? from,
            subject: r.subject,
            html: r.html,
            text: r.text,
            messageId: `<grogne.${d.name}.${date}.preview@grogne.localhost>`,
            date: now(),
          });
          mailer.close();
          line(io.stdout, `${d.name} ${date}: ${digest.total} complaints written to ${dir}`);
        }
        if (values['dry-run']) {
          line(io.stdout, `# ${d.name} ${date}${digest.skip ? ' (empty: would not be sent)' : ''}`);
          io.stdout.write(r.text);
        }
        continue;
      }
      const result = await runDigest(
        { db, config: loaded.config, baseDir: loaded.baseDir, now, credentials },
        d,
        date,
      );
      if (result.outcomes.length === 0) line(io.stdout, `${d.name} ${date}: already sent`);
      for (const o of result.outcomes) {
        const msg = `${d.name} ${date} → ${o.key} (${o.channel}): ${o.status}${o.error ? `: ${o.error}` : ''}`;
        line(o.status === 'retry' || o.status === 'failed' ? io.stderr : io.stdout, msg);
        if (o.status === 'retry' || o.status === 'failed') code = 1;
      }
    }
    return code;
  } finally {
    db.close();
  }
}

function status(db: import('../store/open.ts').Db, digests: DigestConfig[], io: Io, at: Date) {
  for (const d of digests) {
    const next = nextSendAfter(at.getTime(), d);
    const due = dueDate(at.getTime(), d);
    line(
      io.stdout,
      `${d.name}: ${d.time} ${d.timezone}, window ${d.windowHours} h; latest due ${due}; next ${next.date} at ${new Date(next.at).toISOString()}`,
    );
    const rows = recentSends(db, 20, d.name);
    if (rows.length === 0) line(io.stdout, '  no sends yet');
    for (const r of rows) {
      const when = r.sentAt ?? r.claimedAt;
      const extra = [
        `attempts ${r.attempts}`,
        when ? `at ${when}` : '',
        r.nextAttemptAt ? `next try ${r.nextAttemptAt}` : '',
        r.lastError ? `error: ${r.lastError}` : '',
      ].filter(Boolean);
      line(io.stdout, `  ${r.date} ${r.recipient}: ${r.status} (${extra.join(', ')})`);
    }
    const failures = rows.filter((r) => r.status === 'failed' || r.status === 'retry').length;
    if (failures > 0)
      line(io.stdout, `  ${failures} failing; today is ${localDate(at.getTime(), d.timezone)}`);
  }
  return 0;
}

/** The digest scheduler of `grogne start`, logging what it sends and what fails. */
export function startDigests(
  db: import('../store/open.ts').Db,
  loaded: import('../config.ts').LoadedConfig,
  io: Io,
  /** Told of every run too (metrics). */
  observe?: (r: RunResult) => void,
): DigestScheduler {
  return startDigestScheduler({
    db,
    config: loaded.config,
    baseDir: loaded.baseDir,
    credentials: credentialsFrom(io.env),
    onRun: (r) => {
      observe?.(r);
      for (const o of r.outcomes) {
        const msg = `digest ${r.digest} ${r.date} → ${o.key}: ${o.status}${o.error ? `: ${o.error}` : ''}`;
        line(o.status === 'retry' || o.status === 'failed' ? io.stderr : io.stdout, msg);
      }
    },
    onError: (err, name) =>
      line(io.stderr, `digest ${name}: ${err instanceof Error ? err.message : String(err)}`),
  });
}
