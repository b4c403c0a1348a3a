// Errors named by what the caller should do with them (see ../shared/STYLE.md, habit 3).

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
