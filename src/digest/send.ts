// Sends one digest for one date to each of its recipients, once: claim the ledger row, send,
// record the outcome. A failure that may pass is retried with exponential backoff; one that
// will not (5xx, bad address) is recorded as failed. See docs/digest.md.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Config, type DigestConfig, resolveFrom } from '../config.ts';
import {
  claimSend,
  getSend,
  markFailed,
  markSent,
  recordEmpty,
  type SendKey,
  sendsFor,
} from '../store/digest-sends.ts';
import type { Db } from '../store/open.ts';
import { buildDigest } from './build.ts';
import {
  DeliveryError,
  type Mail,
  type Mailer,
  outboxMailer,
  postWebhook,
  smtpMailer,
} from './deliver.ts';
import { pseudonymiser } from './pseudonym.ts';
import { renderDigest } from './render.ts';
import { renderSlack } from './render-text.ts';

/** Secrets the CLI takes from the environment; they win over the config file's. */
export interface Credentials {
  smtpUser?: string;
  smtpPass?: string;
  pseudonymKey?: string;
  webhookSecret?: string;
}

export interface SendContext {
  db: Db;
  config: Config;
  /** Directory relative paths of the config resolve against (the outbox). */
  baseDir: string;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
  credentials?: Credentials;
  /** Owner of the claims this run makes; unique per run by default. */
  claimer?: string;
  /** Transports to use instead of those the config describes (tests, --out). */
  mailer?: Mailer;
  /** A 'sending' claim older than this is taken to have crashed. */
  staleMinutes?: number;
  /** Attempts before a recipient is given up (failed). */
  maxAttempts?: number;
  /** First retry delay; each next one doubles, up to an hour. */
  retryBaseMs?: number;
}

export type Channel = 'smtp' | 'outbox' | 'webhook';

export interface Recipient {
  /** The ledger's key: the address, the webhook URL, or "outbox". */
  key: string;
  channel: Channel;
}

export interface RecipientOutcome extends Recipient {
  status: 'sent' | 'retry' | 'failed' | 'empty' | 'done-elsewhere';
  attempts: number;
  error?: string;
}

export interface RunResult {
  digest: string;
  date: string;
  /** Complaints shown; null when nothing needed building (everything already done). */
  total: number | null;
  outcomes: RecipientOutcome[];
}

export const OUTBOX_KEY = 'outbox';
/** The sender of digests and alerts when delivery.smtp names none. */
export const DEFAULT_FROM = 'grogne <grogne@localhost>';
const MAX_BACKOFF_MS = 3_600_000;

/** Who a digest goes to. E-mails go through SMTP when configured, else to the outbox. */
export function recipientsOf(d: DigestConfig, config: Config, mailer?: Mailer): Recipient[] {
  const mailChannel: Channel = mailer?.kind ?? (config.delivery.smtp ? 'smtp' : 'outbox');
  const list: Recipient[] = [
    ...d.recipients.map((key) => ({ key, channel: mailChannel })),
    ...d.webhooks.map((key) => ({ key, channel: 'webhook' as const })),
  ];
  return list.length > 0 ? list : [{ key: OUTBOX_KEY, channel: 'outbox' }];
}

/** Delay before attempt `attempts + 1`: base, 2×base, 4×base… capped at an hour. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

function mailerFor(ctx: SendContext, channel: Channel): Mailer {
  const { delivery } = ctx.config;
  if (channel === 'smtp' && delivery.smtp) {
    const s = delivery.smtp;
    return smtpMailer({
      ...s,
      user: ctx.credentials?.smtpUser ?? s.user,
      pass: ctx.credentials?.smtpPass ?? s.pass,
    });
  }
  return outboxMailer(resolveFrom(ctx.baseDir, delivery.outbox));
}

function messageId(digest: string, date: string, recipient: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'grogne.localhost';
  const tag = createHash('sha256').update(recipient).digest('hex').slice(0, 12);
  return `<grogne.${digest}.${date}.${tag}@${domain}>`;
}

/**
 * The List-Unsubscribe of one mail: the configured URL (one click when https, RFC 8058) with
 * the list (a digest's name, or the alerts) and the recipient in its query, then a mail to the
 * sender asking to stop. Both reach a person or a service that edits the config: grogne itself
 * keeps no subscription list.
 */
export function unsubscribeOf(
  from: string,
  list: string,
  recipient: string,
  url: string | undefined,
  /** The URL's parameter naming the list: `digest` for a digest, `list` for the alerts. */
  param: 'digest' | 'list' = 'digest',
): { uris: string[]; oneClick: boolean } {
  const address = /<([^>\s]+@[^>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  const mailto = `mailto:${address}?subject=${encodeURIComponent(`unsubscribe ${list} ${recipient}`)}`;
  if (!url) return { uris: [mailto], oneClick: false };
  const u = new URL(url);
  u.searchParams.set(param, list);
  u.searchParams.set('recipient', recipient);
  return { uris: [u.href, mailto], oneClick: u.protocol === 'https:' };
}

/** Sends digest `d` of local date `date` to every recipient that still needs it. */
export async function runDigest(
  ctx: SendContext,
  d: DigestConfig,
  date: string,
): Promise<RunResult> {
  const now = ctx.now ?? (() => new Date());
  const by = ctx.claimer ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const staleMs = (ctx.staleMinutes ?? 15) * 60_000;
  const recipients = recipientsOf(d, ctx.config, ctx.mailer);
  const key = (r: Recipient): SendKey => ({ digest: d.name, date, recipient: r.key });

  // Cheap check first: most ticks find everything done and build nothing.
  const t0 = now().getTime();
  const rows = new Map(sendsFor(ctx.db, d.name, date).map((r) => [r.recipient, r]));
  const needs = recipients.filter((r) => {
    const row = rows.get(r.key);
    if (!row) return true;
    if (row.status === 'retry')
      return row.nextAttemptAt !== null && Date.parse(row.nextAttemptAt) <= t0;
    return (
      row.status === 'sending' && row.claimedAt !== null && Date.parse(row.claimedAt) < t0 - staleMs
    );
  });
  if (needs.length === 0) return { digest: d.name, date, total: null, outcomes: [] };

  const pseudonymKey = ctx.credentials?.pseudonymKey ?? ctx.config.delivery.pseudonymKey;
  const digest = buildDigest(ctx.db, d, date, {
    brands: ctx.config.brands,
    pseudonym: pseudonymKey ? pseudonymiser(pseudonymKey) : undefined,
    halfLifeHours: ctx.config.scoring.halfLifeHours,
  });
  const outcomes: RecipientOutcome[] = [];
  if (digest.skip) {
    for (const r of needs) {
      if (recordEmpty(ctx.db, key(r), now().toISOString()))
        outcomes.push({ ...r, status: 'empty', attempts: 0 });
    }
    return { digest: d.name, date, total: 0, outcomes };
  }

  const rendered = renderDigest(digest);
  const from = ctx.config.delivery.smtp?.from ?? DEFAULT_FROM;
  const mailers = new Map<Channel, Mailer>();
  const secret = ctx.credentials?.webhookSecret ?? ctx.config.delivery.webhookSecret;
  try {
    for (const r of needs) {
      const at = now();
      const claimed = claimSend(ctx.db, key(r), {
        by,
        now: at.toISOString(),
        staleBefore: new Date(at.getTime() - staleMs).toISOString(),
      });
      if (!claimed) {
        outcomes.push({
          ...r,
          status: 'done-elsewhere',
          attempts: getSend(ctx.db, key(r))?.attempts ?? 0,
        });
        continue;
      }
      const attempts = getSend(ctx.db, key(r))?.attempts ?? 1;
      try {
        if (r.channel === 'webhook') {
          const payload = { ...renderSlack(digest), grogne: { digest: d.name, date } };
          await postWebhook(r.key, payload, { secret, fetch: ctx.fetch, now });
        } else {
          let mailer = ctx.mailer ?? mailers.get(r.channel);
          if (!mailer) {
            mailer = mailerFor(ctx, r.channel);
            mailers.set(r.channel, mailer);
          }
          const mail: Mail = {
            from,
            to: r.key === OUTBOX_KEY ? from : r.key,
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            messageId: messageId(d.name, date, r.key, from),
            date: at,
            unsubscribe: unsubscribeOf(
              from,
              d.name,
              r.key === OUTBOX_KEY ? from : r.key,
              ctx.config.delivery.unsubscribeUrl,
            ),
          };
          await mailer.send(mail);
        }
        markSent(ctx.db, key(r), by, now().toISOString());
        outcomes.push({ ...r, status: 'sent', attempts });
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true);
        const retry = e.retry && attempts < (ctx.maxAttempts ?? 6);
        const retryAt = retry
          ? new Date(now().getTime() + backoffMs(attempts, ctx.retryBaseMs ?? 60_000)).toISOString()
          : null;
        markFailed(ctx.db, key(r), by, e.message, retryAt);
        outcomes.push({ ...r, status: retry ? 'retry' : 'failed', attempts, error: e.message });
      }
    }
  } finally {
    for (const m of mailers.values()) m.close();
  }
  return { digest: d.name, date, total: digest.total, outcomes };
}
