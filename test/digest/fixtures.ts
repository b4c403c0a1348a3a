// What the digest tests share: a real SMTP server on 127.0.0.1 (port 0) that parses what it
// receives, a config, and a small store of complaints dated around a digest's window.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { type Config, parseConfig } from '../../src/config.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { savePosts, syncSources } from '../../src/store/write.ts';
import { item, mention, source } from '../store/make.ts';

export interface Smtp {
  port: number;
  mails: ParsedMail[];
  /** Answers 451 (try later) to the next `n` messages. */
  failNext(n: number, code?: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<Smtp> {
  const mails: ParsedMail[] = [];
  let failures = 0;
  let failCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const err = Object.assign(new Error('mailbox busy, try again later'), {
            responseCode: failCode,
          });
          callback(err);
          return;
        }
        // Parsed before the reply, so the mail is in `mails` when the sender's promise resolves.
        simpleParser(Buffer.concat(chunks)).then(
          (m) => {
            mails.push(m);
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    mails,
    failNext(n, code = 451) {
      failures = n;
      failCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'grogne-digest-'));
}

export function digestConfig(
  over: Record<string, unknown> = {},
  root: Record<string, unknown> = {},
): Config {
  return parseConfig({
    brands: [
      { id: 'sfr', name: 'SFR' },
      { id: 'orange', name: 'Orange' },
    ],
    sources: [{ id: 'blog', kind: 'feed', file: 'blog.xml', name: 'Le blog' }],
    digests: [{ name: 'matin', brands: ['sfr'], recipients: ['cm@example.fr'], ...over }],
    ...root,
  });
}

export function smtpDelivery(port: number) {
  return {
    delivery: {
      smtp: { host: '127.0.0.1', port, starttls: false, from: 'grogne <digest@grogne.test>' },
    },
  };
}

/** The digest of 2026-03-29 at 08:00 Paris covers 2026-03-28T06:00Z … 2026-03-29T06:00Z. */
export const DATE = '2026-03-29';
const IN_WINDOW = '2026-03-28T20:00:00.000Z';

export function openTestStore(path = ':memory:'): Db {
  const db = openStore(path);
  syncSources(db, [source('blog', { name: 'Le blog' })]);
  return db;
}

/** Three SFR complaints in the window of increasing severity, one outside, and noise. */
export function seedComplaints(db: Db): void {
  const at = (p: Record<string, unknown>) => ({
    publishedAt: IN_WINDOW,
    fetchedAt: IN_WINDOW,
    ...p,
  });
  savePosts(db, 'blog', [
    item(
      'mild',
      at({
        title: 'Petit souci de facture SFR',
        text: 'Ma facture SFR est un peu élevée ce mois-ci.',
      }),
      { sentimentScore: -0.2, complaintConfidence: 0.5 },
    ),
    item(
      'worst',
      at({
        title: '<script>alert(1)</script>',
        text: "Je suis en colère. SFR m'a coupé la ligne sans prévenir, je résilie et je porte plainte. Voilà.",
        author: 'Camille Dupont',
      }),
      {
        sentimentScore: -0.95,
        complaintConfidence: 0.95,
        acts: ['churn', 'legal'],
        categories: ['billing', 'network'],
        evidence: [{ start: 61, end: 69, text: 'je résil', reason: 'act: churn' }],
      },
    ),
    item(
      'middle',
      at({
        title: 'Réseau SFR en panne',
        text: 'Plus de réseau SFR depuis deux jours, rien ne marche.',
      }),
      { sentimentScore: -0.6, complaintConfidence: 0.8, categories: ['network'] },
    ),
    item(
      'old',
      {
        title: 'Vieille plainte',
        publishedAt: '2026-03-20T10:00:00.000Z',
        fetchedAt: '2026-03-20T11:00:00.000Z',
      },
      {},
    ),
    item('orange-only', at({ title: 'Orange en panne', text: 'Orange ne marche plus.' }), {
      brands: [mention('orange')],
    }),
    item('sfr-named', at({ title: 'Comparatif', text: 'SFR et Orange proposent des offres.' }), {
      brands: [mention('sfr', { target: false })],
      complaint: false,
    }),
  ]);
}
