// Delivers alerts through the digest's channels (src/digest/deliver.ts): e-mail by SMTP (else
// the outbox), Slack-compatible webhooks, Microsoft Teams. Each (alert, recipient) is claimed
// in the ledger before sending, so an alert reaches each recipient once, whichever process or
// check gets there first; a failure that may pass is retried by a later check, with backoff.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Config, resolveFrom } from '../config.ts';
import {
  DeliveryError,
  type Mailer,
  outboxMailer,
  postWebhook,
  smtpMailer,
} from '../digest/deliver.ts';
import { backoffMs, DEFAULT_FROM, type SendContext, unsubscribeOf } from '../digest/send.ts';
import {
  type AlertRow,
  alertPosts,
  alertSends,
  claimAlertSend,
  finishAlertSend,
  pendingAlerts,
  settleAlert,
} from '../store/alerts.ts';
import { type AlertView, renderAlertMail, renderAlertSlack, renderAlertTeams } from './render.ts';

/** What a send needs: the digest's own context (claims, transports, retries), shared. */
export type AlertSendContext = SendContext;

export type AlertChannel = 'smtp' | 'outbox' | 'webhook' | 'teams';

export interface SendOutcome {
  alertId: number;
  recipient: string;
  channel: AlertChannel;
  status: 'sent' | 'retry' | 'failed';
  error?: string;
}

export function alertRecipients(config: Config, mailer?: Mailer) {
  const a = config.alerts;
  const mail: AlertChannel = mailer?.kind ?? (config.delivery.smtp ? 'smtp' : 'outbox');
  return [
    ...a.recipients.map((key) => ({ key, channel: mail })),
    ...a.webhooks.map((key) => ({ key, channel: 'webhook' as const })),
    ...a.teams.map((key) => ({ key, channel: 'teams' as const })),
  ];
}

function mailerOf(ctx: AlertSendContext): Mailer {
  if (ctx.mailer) return ctx.mailer;
  const s = ctx.config.delivery.smtp;
  if (s) {
    return smtpMailer({
      ...s,
      user: ctx.credentials?.smtpUser ?? s.user,
      pass: ctx.credentials?.smtpPass ?? s.pass,
    });
  }
  return outboxMailer(resolveFrom(ctx.baseDir, ctx.config.delivery.outbox));
}

function viewOf(ctx: AlertSendContext, alert: AlertRow): AlertView {
  const a = ctx.config.alerts;
  const name = ctx.config.brands.find((b) => b.id === alert.brand)?.name ?? alert.brand;
  return {
    alert,
    brandName: name,
    posts: alertPosts(ctx.db, alert.postIds),
    language: a.language,
    timezone: a.timezone,
    apiBaseUrl: a.apiBaseUrl,
  };
}

/** Sends every pending alert to each recipient that still needs it. */
export async function deliverPending(ctx: AlertSendContext): Promise<SendOutcome[]> {
  const now = ctx.now ?? (() => new Date());
  const by = ctx.claimer ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const staleMs = (ctx.staleMinutes ?? 15) * 60_000;
  const recipients = alertRecipients(ctx.config, ctx.mailer);
  const secret = ctx.credentials?.webhookSecret ?? ctx.config.delivery.webhookSecret;
  const from = ctx.config.delivery.smtp?.from ?? DEFAULT_FROM;
  const outcomes: SendOutcome[] = [];
  // Built on first use, and closed at the end unless the caller gave it.
  let mailer: Mailer | null = null;
  try {
    for (const alert of pendingAlerts(ctx.db)) {
      const done = new Map(alertSends(ctx.db, alert.id).map((s) => [s.recipient, s]));
      const t = now().getTime();
      const due = recipients.filter((r) => {
        const s = done.get(r.key);
        if (!s) return true;
        if (s.status === 'retry')
          return s.nextAttemptAt !== null && Date.parse(s.nextAttemptAt) <= t;
        return (
          s.status === 'sending' && s.claimedAt !== null && Date.parse(s.claimedAt) < t - staleMs
        );
      });
      if (due.length === 0) {
        settleAlert(ctx.db, alert.id, recipients.length, now().toISOString());
        continue;
      }
      const view = viewOf(ctx, alert);
      for (const r of due) {
        const at = now();
        const key = { alertId: alert.id, recipient: r.key, channel: r.channel };
        const claimed = claimAlertSend(ctx.db, key, {
          by,
          now: at.toISOString(),
          staleBefore: new Date(at.getTime() - staleMs).toISOString(),
        });
        if (!claimed) continue;
        const attempts =
          alertSends(ctx.db, alert.id).find((s) => s.recipient === r.key)?.attempts ?? 1;
        try {
          if (r.channel === 'webhook') {
            const payload = {
              ...renderAlertSlack(view),
              grogne: { alert: alert.id, brand: alert.brand, search: alert.search },
            };
            await postWebhook(r.key, payload, { secret, fetch: ctx.fetch, now });
          } else if (r.channel === 'teams') {
            await postWebhook(r.key, renderAlertTeams(view), { secret, fetch: ctx.fetch, now });
          } else {
            mailer ??= mailerOf(ctx);
            const m = renderAlertMail(view);
            const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'grogne.localhost';
            const tag = createHash('sha256').update(r.key).digest('hex').slice(0, 12);
            await mailer.send({
              from,
              to: r.key,
              subject: m.subject,
              html: m.html,
              text: m.text,
              messageId: `<grogne.alert.${alert.id}.${tag}@${domain}>`,
              date: at,
              unsubscribe: unsubscribeOf(
                from,
                'alerts',
                r.key,
                ctx.config.delivery.unsubscribeUrl,
                'list',
              ),
            });
          }
          finishAlertSend(ctx.db, key, by, { ok: true, at: now().toISOString() });
          outcomes.push({
            alertId: alert.id,
            recipient: r.key,
            channel: r.channel,
            status: 'sent',
          });
        } catch (err) {
          const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true);
          const retry = e.retry && attempts < (ctx.maxAttempts ?? 6);
          const retryAt = retry
            ? new Date(
                now().getTime() + backoffMs(attempts, ctx.retryBaseMs ?? 60_000),
              ).toISOString()
            : null;
          finishAlertSend(ctx.db, key, by, { ok: false, error: e.message, retryAt });
          outcomes.push({
            alertId: alert.id,
            recipient: r.key,
            channel: r.channel,
            status: retry ? 'retry' : 'failed',
            error: e.message,
          });
        }
      }
      settleAlert(ctx.db, alert.id, recipients.length, now().toISOString());
    }
  } finally {
    if (mailer && mailer !== ctx.mailer) mailer.close();
  }
  return outcomes;
}
