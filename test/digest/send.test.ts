// End to end against a real SMTP server and a real HTTP server on 127.0.0.1: what arrives,
// in what order, and how often.
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDigest, type SendContext } from '../../src/digest/send.ts';
import { getSend } from '../../src/store/digest-sends.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import {
  DATE,
  digestConfig,
  openTestStore,
  type Smtp,
  seedComplaints,
  smtpDelivery,
  startSmtp,
  tempDir,
} from './fixtures.ts';

const SEND_AT = new Date('2026-03-29T06:00:00.000Z');
let smtp: Smtp;
let db: Db;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.mails.length = 0;
  db = openTestStore();
  seedComplaints(db);
});
afterEach(() => db.close());

function ctx(over: Partial<SendContext> = {}, clock = { t: SEND_AT.getTime() }): SendContext {
  const config = digestConfig({}, smtpDelivery(smtp.port));
  return { db, config, baseDir: tempDir(), now: () => new Date(clock.t), ...over };
}

describe('e-mail through SMTP', () => {
  it('arrives once with both parts, worst complaint first, the <script> title inert', async () => {
    const c = ctx();
    const r = await runDigest(c, c.config.digests[0]!, DATE);
    expect(r.outcomes.map((o) => o.status)).toEqual(['sent']);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toContain('3 réclamations');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('cm@example.fr');
    expect(typeof mail.html).toBe('string');
    expect(mail.text).toBeTruthy();
    const html = mail.html as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Priority order in both parts.
    for (const part of [html, mail.text!]) {
      const order = ['alert(1)', 'Réseau SFR en panne', 'Petit souci de facture SFR'].map((t) =>
        part.indexOf(t),
      );
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
    // The key evidence quote is the sentence around the act, not the whole text.
    expect(mail.text).toContain(
      "« SFR m'a coupé la ligne sans prévenir, je résilie et je porte plainte. »",
    );
    expect(mail.messageId).toMatch(/^<grogne\.matin\.2026-03-29\./);
  });

  // Mail clients show an "unsubscribe" button from List-Unsubscribe, and Gmail and Yahoo
  // require it (with one-click List-Unsubscribe-Post) from bulk senders.
  const header = (mail: (typeof smtp.mails)[number], key: string) =>
    mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, ' ');

  it('says how to unsubscribe: a mail to the sender, no one-click without a URL', async () => {
    const c = ctx();
    await runDigest(c, c.config.digests[0]!, DATE);
    const mail = smtp.mails[0]!;
    expect(header(mail, 'list-unsubscribe')).toBe(
      'List-Unsubscribe: <mailto:digest@grogne.test?subject=unsubscribe%20matin%20cm%40example.fr>',
    );
    expect(header(mail, 'list-unsubscribe-post')).toBeUndefined();
  });

  it('offers one-click unsubscribe at the configured https URL, naming digest and recipient', async () => {
    const root = smtpDelivery(smtp.port);
    const config = digestConfig(
      {},
      {
        delivery: {
          ...root.delivery,
          unsubscribeUrl: 'https://grogne.example.fr/unsubscribe?team=cm',
        },
      },
    );
    const c = ctx({ config });
    await runDigest(c, config.digests[0]!, DATE);
    const mail = smtp.mails[0]!;
    expect(header(mail, 'list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://grogne.example.fr/unsubscribe?team=cm&digest=matin&recipient=cm%40example.fr>, <mailto:digest@grogne.test?subject=unsubscribe%20matin%20cm%40example.fr>',
    );
    expect(header(mail, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
  });

  it('refuses an unsubscribe URL that is not http(s)', () => {
    expect(() => digestConfig({}, { delivery: { unsubscribeUrl: 'javascript:alert(1)' } })).toThrow(
      /unsubscribeUrl/,
    );
  });

  it('sends one mail for two runs, and for two concurrent runs on two connections', async () => {
    const file = join(tempDir(), 'g.db');
    const one = openTestStore(file);
    seedComplaints(one);
    const two = openStore(file);
    try {
      const c1 = ctx({ db: one });
      const c2 = ctx({ db: two });
      const d = c1.config.digests[0]!;
      const results = await Promise.all([runDigest(c1, d, DATE), runDigest(c2, d, DATE)]);
      // The loser sees the winner's claim, either in its first look at the ledger or when it
      // tries to claim: never does it send.
      const statuses = results.flatMap((r) => r.outcomes.map((o) => o.status));
      expect(statuses.filter((s) => s === 'sent')).toHaveLength(1);
      expect(statuses.filter((s) => s !== 'sent' && s !== 'done-elsewhere')).toEqual([]);
      const again = await runDigest(c1, d, DATE);
      expect(again.outcomes).toEqual([]);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      one.close();
      two.close();
    }
  });

  it('retries after a 451 with backoff, then sends once', async () => {
    smtp.failNext(1);
    const clock = { t: SEND_AT.getTime() };
    const c = ctx({ retryBaseMs: 60_000 }, clock);
    const d = c.config.digests[0]!;
    const first = await runDigest(c, d, DATE);
    expect(first.outcomes[0]).toMatchObject({ status: 'retry', attempts: 1 });
    expect(first.outcomes[0]!.error).toContain('451');
    // Before the backoff has passed: nothing is tried.
    clock.t += 30_000;
    expect((await runDigest(c, d, DATE)).outcomes).toEqual([]);
    clock.t += 30_000;
    const second = await runDigest(c, d, DATE);
    expect(second.outcomes[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('gives up at once on a 5xx', async () => {
    smtp.failNext(1, 550);
    const c = ctx();
    const r = await runDigest(c, c.config.digests[0]!, DATE);
    expect(r.outcomes[0]).toMatchObject({ status: 'failed' });
    expect(getSend(db, { digest: 'matin', date: DATE, recipient: 'cm@example.fr' })?.status).toBe(
      'failed',
    );
    expect((await runDigest(c, c.config.digests[0]!, DATE)).outcomes).toEqual([]);
  });

  it('pseudonymises authors with a keyed HMAC when asked', async () => {
    const config = digestConfig(
      { pseudonymiseAuthors: true },
      { delivery: { ...smtpDelivery(smtp.port).delivery, pseudonymKey: 'k'.repeat(32) } },
    );
    await runDigest(ctx({ config }), config.digests[0]!, DATE);
    const text = smtp.mails[0]!.text!;
    expect(text).not.toContain('Camille Dupont');
    expect(text).toMatch(/par auteur-[0-9a-f]{10}/);
  });
});

describe('webhook', () => {
  let server: Server;
  let url: string;
  const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
  let answer = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts Slack-compatible JSON signed with HMAC-SHA256 of the raw body', async () => {
    received.length = 0;
    answer = 200;
    const secret = 's'.repeat(32);
    const config = digestConfig(
      { recipients: [], webhooks: [url] },
      { delivery: { webhookSecret: secret } },
    );
    const r = await runDigest(ctx({ config }), config.digests[0]!, DATE);
    expect(r.outcomes).toMatchObject([{ channel: 'webhook', status: 'sent' }]);
    expect(received).toHaveLength(1);
    const { body, headers } = received[0]!;
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(headers['x-grogne-signature']).toBe(`sha256=${expected}`);
    expect(headers['x-grogne-timestamp']).toBe(String(SEND_AT.getTime() / 1000));
    const payload = JSON.parse(body) as { text: string; blocks: unknown[]; grogne: unknown };
    expect(payload.text).toContain('Réseau SFR en panne');
    expect(payload.blocks.length).toBeGreaterThan(1);
    expect(payload.grogne).toEqual({ digest: 'matin', date: DATE });
    // A tampered body no longer matches.
    expect(createHmac('sha256', secret).update(`${body} `).digest('hex')).not.toBe(expected);
  });

  it('retries on a 503, gives up on a 404', async () => {
    for (const [code, status] of [
      [503, 'retry'],
      [404, 'failed'],
    ] as const) {
      answer = code;
      const config = digestConfig({ recipients: [], webhooks: [url], sendEmpty: true });
      const r = await runDigest(
        ctx({ config }),
        config.digests[0]!,
        `2026-03-${code === 503 ? 29 : 30}`,
      );
      expect(r.outcomes[0]?.status).toBe(status);
    }
  });
});

describe('outbox: the default transport', () => {
  it('writes .eml and .html files when no SMTP is configured', async () => {
    const dir = tempDir();
    const config = digestConfig();
    expect(config.delivery.smtp).toBeUndefined();
    const r = await runDigest(
      { db, config, baseDir: dir, now: () => SEND_AT },
      config.digests[0]!,
      DATE,
    );
    expect(r.outcomes).toMatchObject([{ channel: 'outbox', status: 'sent' }]);
    const outbox = join(dir, 'var/outbox');
    expect(existsSync(outbox)).toBe(true);
    const files = readdirSync(outbox).sort();
    expect(files.map((f) => f.replace(/\.[0-9a-f]{12}\./, '.X.'))).toEqual([
      'grogne.matin.2026-03-29.X.eml',
      'grogne.matin.2026-03-29.X.html',
    ]);
    const eml = await simpleParser(readFileSync(join(outbox, files[0]!)));
    expect(eml.html).toContain('Réseau SFR en panne');
    expect(eml.text).toContain('Réseau SFR en panne');
    // Once only applies to the outbox too.
    const again = await runDigest(
      { db, config, baseDir: dir, now: () => SEND_AT },
      config.digests[0]!,
      DATE,
    );
    expect(again.outcomes).toEqual([]);
  });

  it('records an empty window once and sends nothing, unless sendEmpty', async () => {
    for (const sendEmpty of [false, true]) {
      const config = digestConfig({ sendEmpty }, smtpDelivery(smtp.port));
      smtp.mails.length = 0;
      const date = sendEmpty ? '2026-01-11' : '2026-01-10';
      const r = await runDigest(ctx({ config }), config.digests[0]!, date);
      expect(r.outcomes[0]?.status).toBe(sendEmpty ? 'sent' : 'empty');
      expect(smtp.mails).toHaveLength(sendEmpty ? 1 : 0);
    }
  });
});
