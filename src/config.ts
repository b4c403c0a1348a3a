// The one configuration schema. It is parsed once, at start; nothing else reads process.env
// (the CLI passes the few environment variables it honours in here explicitly).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as cheerio from 'cheerio';
import { z } from 'zod';
import { describeValue as describe, issueLines } from './config-issues.ts';
import { ConfigError } from './errors.ts';
import { searchQuery } from './search/schema.ts';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, "-" or "_", at most 64');

export const brandSchema = z
  .object({
    id,
    name: z.string().min(1),
    /** Surface forms that name the brand in text ("SFR", "Société Française du Radiotéléphone"). */
    aliases: z.array(z.string().min(1)).default([]),
    /** Social handles and hashtags, with their sigil: "@SFR", "#SFR". */
    handles: z.array(z.string().regex(/^[@#]\S+$/, 'starts with @ or #')).default([]),
    /** When true, an alias only counts when written with the case given (SFR, Free, Orange). */
    caseSensitive: z.boolean().default(true),
    /** Phrases that, when they contain the alias, are not the brand ("jus d'orange"). */
    exclude: z.array(z.string().min(1)).default([]),
    /**
     * Words that confirm an ambiguous alias is the brand when they appear near it
     * ("box", "forfait", "réseau"). When non-empty, a mention needs one of them in its
     * sentence, unless it is a handle, a hashtag or in the title.
     */
    context: z.array(z.string().min(1)).default([]),
    /**
     * Words that, in an alias's sentence, mean another sense of it: the French football team
     * ("l'EDF", with "match", "Bleus"), the colour, the fruit. A handle or hashtag still counts.
     */
    notWith: z.array(z.string().min(1)).default([]),
    sector: z.string().optional(),
  })
  .strict();
export type BrandConfig = z.infer<typeof brandSchema>;

// A CSS selector, checked when the configuration is read rather than at the first crawl.
const cssSelector = z
  .string()
  .min(1)
  .refine(
    (sel) => {
      try {
        cheerio.load('')(sel);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid CSS selector' },
  );

/**
 * Where a forum's posts are, for an engine grogne does not recognise or reads wrong: one
 * element per post, and inside it the body, author and date (each found as detection finds
 * it when left out); `next` is the link to the thread's next page.
 */
export const threadSelectorsSchema = z
  .object({
    post: cssSelector,
    body: cssSelector.optional(),
    author: cssSelector.optional(),
    date: cssSelector.optional(),
    next: cssSelector.optional(),
  })
  .strict();

export const sourceSchema = z
  .object({
    id,
    kind: z.enum(['feed', 'forum', 'page']),
    /** http(s) URL of the feed or page. */
    url: z.string().url().optional(),
    /** A local file, relative to the config file. */
    file: z.string().min(1).optional(),
    name: z.string().optional(),
    /** Estimated readers of a typical post; when absent, a default per kind applies. */
    audience: z.number().int().nonnegative().optional(),
    /** Seconds between polls. */
    interval: z.number().int().min(60).default(1800),
    enabled: z.boolean().default(true),
    /**
     * Feeds only: fetch the article page for the main text. 'auto' (the default) when an item
     * is only an excerpt, 'always' for every item, 'never' to keep what the feed gives.
     */
    fullText: z.enum(['auto', 'never', 'always']).optional(),
    /** Feeds only: follow each item's comment feed (wfw:commentRss); comments become posts. */
    comments: z.boolean().optional(),
    /**
     * The brand this source is about (a brand's review page, a board for Freebox users): a
     * complaint there that names no watched brand is aimed at it.
     */
    brand: id.optional(),
    /** Forums and pages: where the posts are; wins over engine recognition and detection. */
    selectors: threadSelectorsSchema.optional(),
  })
  .strict()
  .refine((s) => Boolean(s.url) !== Boolean(s.file), {
    message: 'give exactly one of "url" or "file"',
    path: ['url'],
  })
  .refine((s) => !s.selectors || s.kind !== 'feed', {
    message: 'selectors are for forum and page sources, not feeds',
    path: ['selectors'],
  });
export type SourceConfig = z.infer<typeof sourceSchema>;

const digestSchema = z
  .object({
    name: id,
    brands: z.array(id).default([]),
    recipients: z.array(z.string().email()).default([]),
    webhooks: z.array(z.string().url()).default([]),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .default('08:00'),
    timezone: z.string().default('Europe/Paris'),
    top: z.number().int().min(1).max(100).default(10),
    minSeverity: z.number().min(0).max(100).default(0),
    language: z.enum(['fr', 'en']).default('fr'),
    sendEmpty: z.boolean().default(false),
    /** Hours before the send time that the digest covers (24 = the previous day). */
    windowHours: z.number().int().min(1).max(168).default(24),
    /** Replace author names by a keyed HMAC (key: delivery.pseudonymKey). */
    pseudonymiseAuthors: z.boolean().default(false),
    /** Address grogne serves at ("https://grogne.example.fr"): links to each post and to each brand's complaints in the dashboard. */
    apiBaseUrl: z.string().url().optional(),
    /**
     * Only complaints this query of the search language finds (docs/api.md, "Search"), e.g.
     * "facture OR prélèvement -brand:free"; checked when the config is read.
     */
    search: searchQuery.optional(),
    /** Only complaints the saved search of this name finds (POST /v1/searches); with search, both. */
    savedSearch: id.optional(),
  })
  .strict();
export type DigestConfig = z.infer<typeof digestSchema>;

// Where digests go. With no smtp block, e-mails are written to the outbox directory, so a
// fresh install "sends" without a mail server. Credentials may come from the environment
// (GROGNE_SMTP_USER / GROGNE_SMTP_PASS), which only the CLI reads.
const deliverySchema = z
  .object({
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** TLS from the first byte (port 465). */
        secure: z.boolean().default(false),
        /** Upgrade with STARTTLS and refuse to send in clear (ignored when secure). */
        starttls: z.boolean().default(true),
        user: z.string().optional(),
        pass: z.string().optional(),
        from: z.string().min(3),
      })
      .strict()
      .optional(),
    /** Signs webhook bodies with HMAC-SHA256 (X-Grogne-Signature). */
    webhookSecret: z.string().min(16).optional(),
    /** Key of the author pseudonyms (HMAC-SHA256); needed when a digest pseudonymises. */
    pseudonymKey: z.string().min(16).optional(),
    /** Directory of .eml/.html files, relative to the config file. */
    outbox: z.string().min(1).default('var/outbox'),
    /**
     * Where a digest's reader unsubscribes in one click (List-Unsubscribe with
     * List-Unsubscribe-Post, RFC 8058): grogne adds ?digest=NAME&recipient=ADDRESS and the page
     * must take a POST. Without it, List-Unsubscribe is a mail to the sender.
     */
    unsubscribeUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL')
      .optional(),
  })
  .strict();
export type DeliveryConfig = z.infer<typeof deliverySchema>;

// A watch of its own for the alert rule: a brand's complaints that a search finds.
const alertSearchSchema = z
  .object({
    /** A query of the search language (docs/api.md, "Search"); checked when the config is read. */
    search: searchQuery.optional(),
    /** A saved search (POST /v1/searches) by name; with search, both must find the post. */
    savedSearch: id.optional(),
  })
  .strict()
  .refine((w) => w.search !== undefined || w.savedSearch !== undefined, {
    message: 'give search, savedSearch or both',
  });
export type AlertSearch = z.infer<typeof alertSearchSchema>;

// Spike alerts (docs/alerts.md): the rule's settings and where an alert goes. E-mails use
// delivery.smtp (else the outbox), webhooks delivery.webhookSecret, like the digest. With no
// recipient, webhook or teams URL, alerts are only stored and shown by GET /v1/alerts.
const alertsSchema = z
  .object({
    /** Checks after every crawl that stored new or changed posts. */
    enabled: z.boolean().default(true),
    /** Brands watched for spikes; empty = every brand of the store. */
    brands: z.array(id).default([]),
    /** Fewest complaints in an hour that may be a spike. */
    minCount: z.number().int().min(1).default(5),
    /** Largest Poisson upper-tail probability that is a spike. */
    pValue: z.number().gt(0).max(0.05).default(1e-5),
    /** Hours judged at each check, the current one included (late posts land in past hours). */
    lookbackHours: z.number().int().min(1).max(48).default(3),
    /** History the baseline learns from. */
    historyDays: z.number().int().min(7).max(90).default(28),
    /** Half-life of the baseline level's weights. */
    halfLifeHours: z.number().positive().default(168),
    /** Posts of a source added less than this ago do not count (its backfill is no spike). */
    warmupHours: z.number().int().min(0).max(720).default(24),
    /** An anomalous hour this close to the end of a brand's last alert extends it (once per spike). */
    mergeGapHours: z.number().int().min(0).max(48).default(2),
    recipients: z.array(z.string().email()).default([]),
    /** Slack-compatible incoming webhooks ({text, blocks}). */
    webhooks: z.array(z.string().url()).default([]),
    /** Microsoft Teams incoming webhooks or Workflows URLs (an Adaptive Card message). */
    teams: z.array(z.string().url()).default([]),
    language: z.enum(['fr', 'en']).default('fr'),
    timezone: z
      .string()
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('fr', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'not an IANA time zone, e.g. Europe/Paris' },
      )
      .default('Europe/Paris'),
    /** Base URL of the HTTP API, for links to the posts and the alert. */
    apiBaseUrl: z.string().url().optional(),
    /**
     * More watches beside each brand's complaints: the complaints a query of the search
     * language or a saved search finds, per brand, each with spikes of its own.
     */
    searches: z.array(alertSearchSchema).default([]),
  })
  .strict();
export type AlertsConfig = z.infer<typeof alertsSchema>;

// Every object is strict: an unknown key is a misspelt one until proven otherwise, and
// ignoring it would silently keep the default it meant to change.
export const configSchema = z
  .object({
    brands: z.array(brandSchema).default([]),
    sources: z.array(sourceSchema).default([]),
    /** SQLite file, relative to the config file. */
    database: z.string().min(1).default('var/grogne.db'),
    api: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        /**
         * 'off-on-loopback': bound to 127.0.0.1/::1/localhost, /v1 is readable without a key
         * (admin routes still need one); bound elsewhere, the server refuses to start.
         * 'required': every /v1 request needs `Authorization: Bearer <key>` (grogne keys create).
         */
        auth: z.enum(['required', 'off-on-loopback']).default('off-on-loopback'),
        /** Token bucket per API key (per client address when anonymous). */
        rateLimitPerMinute: z.number().int().min(1).max(1_000_000).default(600),
        /** Origins allowed by CORS; absent = no CORS headers at all. */
        cors: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({
        host: '127.0.0.1',
        port: 8787,
        auth: 'off-on-loopback',
        rateLimitPerMinute: 600,
      }),
    crawl: z
      .object({
        userAgent: z.string().default('grogne/0.1 (+https://github.com/grogne/grogne)'),
        timeoutMs: z.number().int().positive().default(20_000),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(15 * 1024 * 1024),
        /** Hosts that may resolve to private or loopback addresses (local test servers). */
        allowPrivateHosts: z.array(z.string()).default([]),
        /** Pause between two requests to one host (robots.txt Crawl-delay may ask for more). */
        minHostDelayMs: z.number().int().nonnegative().default(3_000),
        /** Requests in flight at once, all hosts together. */
        concurrency: z.number().int().min(1).max(64).default(4),
        /** Failed polls in a row after which a source is paused until `grogne sources resume`. */
        pauseAfterErrors: z.number().int().min(1).default(10),
        /** Article pages and comment feeds fetched per source per crawl (full text, comments). */
        maxArticlesPerSource: z.number().int().nonnegative().default(20),
        /** Pages of a forum thread read per crawl, the first included (its next links). */
        maxThreadPages: z.number().int().min(1).max(100).default(5),
        /**
         * Items kept of one fetched document (a feed listing its whole archive), the newest;
         * the rest are dropped before parsing and counted in the source's warnings.
         */
        maxItemsPerFetch: z.number().int().min(1).max(1_000_000).default(5_000),
      })
      .strict()
      .default({
        userAgent: 'grogne/0.1 (+https://github.com/grogne/grogne)',
        timeoutMs: 20_000,
        maxBodyBytes: 15 * 1024 * 1024,
        allowPrivateHosts: [],
        minHostDelayMs: 3_000,
        concurrency: 4,
        pauseAfterErrors: 10,
        maxArticlesPerSource: 20,
        maxThreadPages: 5,
        maxItemsPerFetch: 5_000,
      }),
    scoring: z
      .object({
        /** Recency half-life of priority, in hours. */
        halfLifeHours: z.number().positive().default(48),
      })
      .strict()
      .default({ halfLifeHours: 48 }),
    /** The server's logs (serve, start): JSON lines on stderr, or short human lines. */
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        format: z.enum(['json', 'pretty']).default('json'),
      })
      .strict()
      .default({ level: 'info', format: 'json' }),
    digests: z.array(digestSchema).default([]),
    delivery: deliverySchema.default({ outbox: 'var/outbox' }),
    alerts: alertsSchema.prefault({}),
    export: z
      .object({
        /**
         * Key of the authors' pseudonyms in exports (HMAC-SHA256). When absent, one is generated
         * on the first export and kept in the database's meta table.
         */
        authorSecret: z.string().min(16).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type Config = z.infer<typeof configSchema>;

// Defined with the other errors, so that the CLI can tell it apart without loading the schema.
export { ConfigError } from './errors.ts';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file it came from. */
  path: string;
  /** Directory that relative paths in the config are resolved against. */
  baseDir: string;
}

/**
 * Validates a parsed JSON value; errors name the field path and the bad value, and every
 * unknown key with the known key it was probably meant to be.
 */
export function parseConfig(raw: unknown, where = 'config'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) {
    const ids = new Set<string>();
    for (const [i, s] of result.data.sources.entries()) {
      if (ids.has(s.id))
        throw new ConfigError(`${where}: sources[${i}].id: duplicate id ${describe(s.id)}`);
      ids.add(s.id);
    }
    ids.clear();
    for (const [i, b] of result.data.brands.entries()) {
      if (ids.has(b.id))
        throw new ConfigError(`${where}: brands[${i}].id: duplicate id ${describe(b.id)}`);
      ids.add(b.id);
    }
    for (const [i, s] of result.data.sources.entries()) {
      if (s.brand !== undefined && !ids.has(s.brand)) {
        throw new ConfigError(
          `${where}: sources[${i}].brand: not the id of a configured brand (got ${describe(s.brand)})`,
        );
      }
    }
    for (const [i, b] of result.data.alerts.brands.entries()) {
      if (!ids.has(b)) {
        throw new ConfigError(
          `${where}: alerts.brands[${i}]: not the id of a configured brand (got ${describe(b)})`,
        );
      }
    }
    return result.data;
  }
  throw new ConfigError(issueLines(configSchema, raw, result.error.issues, where).join('\n'));
}

/** Reads, parses and validates a config file. */
export function loadConfig(file: string): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `${file}: cannot read config file${code === 'ENOENT' ? ': no such file' : ` (${code})`}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  return { config: parseConfig(raw, file), path, baseDir: dirname(path) };
}

/** Resolves a path from the config against the config file's directory. */
export function resolveFrom(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}
