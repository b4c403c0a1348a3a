// Errors named by what the caller should do with them (see ../shared/STYLE.md, habit 3).

/**
 * A configuration error: the CLI prints each line of its message (one per problem) and exits
 * with code 2.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Bad input or configuration: the CLI prints the message on one line and exits with 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A fetch that may succeed later (timeout, reset, 408, 429, 5xx). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    /** Milliseconds the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** This source cannot be used as it is (404, not a feed, forbidden address): stop it. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/**
 * A document that is not what it was read as (an HTML page where a feed was expected, a page
 * without posts read as a forum thread): stop this source. The message says how to fix the
 * source's configuration; a caller with other means (the CLI's --kind) words its own fix from
 * `problem` and `tried`.
 */
export class WrongKindError extends SourceError {
  override name = 'WrongKindError';
  constructor(
    /** What the document is not, and what it looks like: "not a feed: an HTML page". */
    readonly problem: string,
    /** The reading that failed; `any` when no reading fitted. */
    readonly tried: 'feed' | 'thread' | 'article' | 'any',
    fix: string,
  ) {
    super(`${problem}; ${fix}`);
  }
}

/**
 * Whose failure a crawl's error is. `source`: fetching or reading the source failed (HTTP,
 * network, robots.txt, a document that does not parse, a missing file): it counts toward
 * pausing the source. `internal`: grogne failed (an analysis bug, a store error, a programming
 * error while reading): the source is not to blame, so the error is logged with its stack and
 * the source is polled again without a strike against it.
 */
export type FailureClass = 'source' | 'internal';

/** The stage of a crawl an error came from: reading the source, or grogne's own work on it. */
export type CrawlStage = 'ingest' | 'analyse' | 'store';

export function classifyCrawlError(err: unknown, stage: CrawlStage): FailureClass {
  if (err instanceof SourceError || err instanceof RetryLaterError) return 'source';
  if (stage !== 'ingest') return 'internal';
  // Thrown by code, not by what a source sent: a bug in a parser is not the source's fault.
  const bug =
    err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError;
  return bug ? 'internal' : 'source';
}
