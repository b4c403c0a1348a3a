// The three ways a digest leaves grogne: SMTP (nodemailer), a Slack-compatible webhook, and a
// file outbox (.eml + .html), the default, so that a fresh install works with no mail server.
// Each failure says whether trying again later may help (DeliveryError.retry).
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface Mail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per (digest, date, recipient): a client that sees it twice shows it once. */
  messageId: string;
  date: Date;
  /**
   * How to stop receiving it (RFC 2369 List-Unsubscribe): URIs, mailto: or https:, in order of
   * preference. With `oneClick`, the https: one takes a POST (RFC 8058, List-Unsubscribe-Post).
   */
  unsubscribe?: { uris: string[]; oneClick: boolean };
}

export interface Mailer {
  /** What the ledger and `digest status` call this transport. */
  kind: 'smtp' | 'outbox';
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** A failed delivery: `retry` when the same attempt may succeed later (4xx, network). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  starttls: boolean;
  user?: string;
  pass?: string;
}

export function smtpMailer(s: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    // starttls: refuse to go on in clear when the server does not offer STARTTLS.
    requireTLS: !s.secure && s.starttls,
    ignoreTLS: !s.secure && !s.starttls,
    auth: s.user ? { user: s.user, pass: s.pass ?? '' } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        await transport.sendMail(toMessage(mail));
      } catch (err) {
        throw classifySmtp(err);
      }
    },
    close: () => transport.close(),
  };
}

/** 5xx is the server's final word (bad address, refused auth); anything else may pass later. */
export function classifySmtp(err: unknown): DeliveryError {
  const e = err as { responseCode?: number; message?: string; code?: string };
  const msg = e.message ?? String(err);
  if (typeof e.responseCode === 'number') {
    return new DeliveryError(`smtp ${e.responseCode}: ${msg}`, e.responseCode < 500);
  }
  // No SMTP reply: connection refused, timeout, TLS handshake — the server may come back.
  return new DeliveryError(`smtp: ${msg}`, e.code !== 'EAUTH' && e.code !== 'EENVELOPE');
}

function toMessage(mail: Mail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    date: mail.date,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Grogne-Digest': '1',
      ...(mail.unsubscribe && mail.unsubscribe.uris.length > 0
        ? {
            'List-Unsubscribe': mail.unsubscribe.uris.map((u) => `<${u}>`).join(', '),
            ...(mail.unsubscribe.oneClick
              ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
              : {}),
          }
        : {}),
    },
  };
}

/** DIR-relative file name of a mail: its Message-ID, which is unique per digest, date and
 * recipient ("grogne.matin.2026-03-29.1a2b3c4d5e6f"), so a retry rewrites the same files. */
export function outboxName(mail: Pick<Mail, 'messageId'>): string {
  return mail.messageId.replace(/^<|@.*$/g, '').replace(/[^a-zA-Z0-9._-]+/g, '_');
}

/** Writes each mail as DIR/NAME.eml (what SMTP would carry) and DIR/NAME.html (to preview). */
export function outboxMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    kind: 'outbox',
    async send(mail) {
      const info = await transport.sendMail(toMessage(mail));
      mkdirSync(dir, { recursive: true });
      const base = join(dir, outboxName(mail));
      writeFileSync(`${base}.eml`, info.message as Buffer);
      writeFileSync(`${base}.html`, mail.html);
    },
    close: () => transport.close(),
  };
}

export interface WebhookOptions {
  secret?: string;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  timeoutMs?: number;
}

/** Hex HMAC-SHA256 of the raw body, as the receiver recomputes it over the bytes it got. */
export function webhookSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * POSTs `payload` as JSON. With a secret, X-Grogne-Signature carries "sha256=<hex HMAC of the
 * raw body>" and X-Grogne-Timestamp the Unix time of sending; the payload repeats the digest's
 * name and date, so a receiver can drop a replay by (name, date) as well as a forgery.
 */
export async function postWebhook(
  url: string,
  payload: unknown,
  o: WebhookOptions = {},
): Promise<void> {
  const doFetch = o.fetch ?? globalThis.fetch;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'grogne-digest/0.1',
  };
  if (o.secret) {
    const ts = String(Math.floor((o.now ?? (() => new Date()))().getTime() / 1000));
    headers['x-grogne-timestamp'] = ts;
    headers['x-grogne-signature'] = `sha256=${webhookSignature(o.secret, body)}`;
  }
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(o.timeoutMs ?? 20_000),
    });
  } catch (err) {
    throw new DeliveryError(`webhook: ${(err as Error).message}`, true);
  }
  await res.body?.cancel();
  if (res.ok) return;
  const retry = res.status === 408 || res.status === 429 || res.status >= 500;
  throw new DeliveryError(`webhook ${res.status} ${res.statusText}`, retry);
}
