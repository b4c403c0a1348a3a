// Usage texts, one per verb, printed by --help and on a usage error.

const common = `  -c, --config FILE   configuration file (default: $GROGNE_CONFIG, else ./grogne.config.json)
  -h, --help          show this help`;

export const HELP: Record<string, string> = {
  keys: `usage: grogne keys create --role reader|editor|admin [--brands a,b] [--name N]
       grogne keys list [--json]
       grogne keys revoke ID

create prints the key once (grg_…); only its sha256 is stored. Send it as
"Authorization: Bearer <key>". A reader key reads /v1 (only its brands when --brands is
given) and may post feedback; an editor key may also mark posts handled, assign them and add notes
(its brands only, with --brands); an admin key may do all that and change sources and brands.

${common}`,
  rescore: `usage: grogne rescore [--reanalyse] [--batch-size N] [options]

Recomputes severity, reach and priority of every stored post with the current formulas, in
batches of N (default 1000) posts per transaction, and stores the scoring version. With
--reanalyse, re-runs the analysis with the current model first.

${common}`,
  grogne: `grogne — finds French complaints about your brands in blogs and forums, and ranks them

usage: grogne <verb> [options]

verbs:
  start      migrate, serve the API, crawl every source, keep polling them
  worker     run the crawls that 'grogne start --queue' schedules on a Redis queue
  crawl      crawl every source once, with progress and a summary
  import     load saved feed files (RSS, Atom, JSON Feed) into a source, in bulk
  serve      serve the HTTP API over what is stored
  analyze    analyse JSON Lines from stdin ({"text", "title"?, …} per line)
  inspect    show what ingest makes of one URL or file, storing nothing
  migrate    create or upgrade the database
  sources    list sources with their fetch state
  eval       measure sentiment accuracy on labelled JSON Lines, against two peers
  keys       create, list or revoke API keys
  rescore    recompute stored scores (and analyses, with --reanalyse)
  digest     send the daily digest of top complaints (once a day), or preview it
  export     write scored posts to CSV, JSON Lines or Parquet, with a dataset card

Run 'grogne <verb> --help' for a verb's options.
exit codes: 0 ok, 1 runtime failure, 2 bad input or configuration`,
  start: `usage: grogne start [options]

Migrates the database, serves the API at once (/readyz says "crawling" until the first crawl
ends), crawls every enabled source, and keeps polling each source on its interval until stopped
(Ctrl-C).

${common}
  --port N            listen on this port instead of the configured one
  --no-poll           crawl once at start, then only serve
  --queue URL         redis://host:port[/db][?prefix=NAME]: schedule each due source as a
                      job on this queue instead of crawling here; 'grogne worker'
                      processes run them (docs/operations.md "Running N workers")`,
  worker: `usage: grogne worker --queue URL [options]

Runs the crawl jobs that 'grogne start --queue URL' schedules, against the same database
(the configured SQLite file: workers run on the machine that holds it). Any number of
workers may run: a host is fetched by one of them at a time (a lease per host on the
queue's Redis), and the job of a worker that dies is handed to another. Stops on SIGTERM
or Ctrl-C once the jobs in hand are done.

${common}
  --queue URL         redis://host:port[/db][?prefix=NAME] (required)
  --concurrency N     jobs run at once by this worker (default 4)
  --lock-ms N         a job's lock lifetime: a killed worker's job goes to another after
                      about this long (default 30000)
  --lease-ms N        a host lease's lifetime: a killed worker holds its host this long at
                      most (default 10000; renewed while a request runs)`,
  crawl: `usage: grogne crawl [options] [SOURCE_ID…]

Crawls every enabled, active source of the store once (or only those named), sources on
different hosts at once, politely (crawl.minHostDelayMs per host, crawl.concurrency in all,
robots.txt for pages). Prints one line per source as it finishes, then a table per source:
fetched, new, updated, not modified, errors, time. Exit code 1 when a source failed.

${common}`,
  import: `usage: grogne import --source ID [--batch N] [--workers N] [options] PATH…

Loads saved feed documents (RSS, Atom, JSON Feed) into the store as posts of source ID (from
the config or the store). A PATH is a feed file, or a directory whose *.xml, *.rss, *.atom and
*.json files are read in name order (not its subdirectories). Feeds are parsed and analysed in
worker threads and saved several per transaction, each feed whole or absent; posts already
stored are deduplicated as a crawl would. One line per document on stderr (posts, new,
updated, or its error), then a summary on stdout. Exit code 1 when a document failed.

${common}
  -s, --source ID     the source the posts belong to (required)
  --batch N           posts per transaction (default 2000)
  --workers N         analysis threads (default: one per core)`,
  serve: `usage: grogne serve [options]

Serves the HTTP API over what is stored, on the configured address (127.0.0.1:8787 by default).

${common}
  --port N            listen on this port instead of the configured one`,
  analyze: `usage: grogne analyze [options] < posts.jsonl

Reads JSON Lines on stdin, one object a line: {"id"?, "text", "title"?, "url"?, "published"?}.
Writes one JSON line per input line, in the same order: id, lang, sentiment, sentimentScore,
complaint, severity, brands [{id, target}], categories, evidence [{start, end, text, reason}],
modelVersion, and more. A bad line gets {"id", "error"} on its own line; the stream goes on.
Brands come from the configuration when there is one.

${common}`,
  inspect: `usage: grogne inspect [options] <url|file>

Fetches (or reads) one source and prints what ingest makes of it, as JSON, storing nothing.
Without --kind, reads it as what it is: a feed (RSS, Atom, JSON Feed), a forum thread (a known
engine, or posts found by their repeated structure) or an article page, and says which on
stderr ("detected: forum thread (phpBB, 12 posts)"). A URL or file that is a source of the
config is read with that source's selectors. Unreadable input: exit code 2 and one line on
stderr saying how to fix it.

${common}
  --kind KIND         read it as KIND: feed, thread or article (or forum, page: as a source
                      of that kind would be read); default: detect`,
  migrate: `usage: grogne migrate [options]

Creates the database if needed and applies pending migrations.

${common}`,
  sources: `usage: grogne sources [options]
       grogne sources resume ID…
       grogne sources add SITE_URL [--id ID] [--kind feed|forum|page] [--interval S] [--yes]

Lists the sources (from the config and added over the API) with their state, last fetch, last
error and next check. A source that failed crawl.pauseAfterErrors polls in a row is paused;
"resume" sets it active again. "add" finds a site's feed (<link rel="alternate">, then the
paths blog and forum engines use), shows what it found and, once confirmed, adds it to the
store; with --kind forum or page the URL is added as given.

${common}
  --json              print JSON instead of a table
  --id ID             add: the new source's id (default: from the host name)
  --yes, -y           add: do not ask for confirmation`,
  digest: `usage: grogne digest [options]
       grogne digest status [--name N]

Sends each configured digest of the latest due date (today's once its send time has passed,
else yesterday's) to its recipients and webhooks, once: a recipient already served is skipped,
even by another running grogne. With no SMTP configured, mails go to the outbox directory.

${common}
  --name N            only the digest named N
  --date YYYY-MM-DD   the digest of this local date (window: the hours before its send time)
  --dry-run           print the digest's text part; send and record nothing
  --out DIR           write the digest as DIR/*.eml and *.html; send and record nothing
env: GROGNE_SMTP_USER, GROGNE_SMTP_PASS, GROGNE_PSEUDONYM_KEY, GROGNE_WEBHOOK_SECRET
status: the last sends of each digest, failures and retries, and when the next one is due.`,
  eval: `usage: grogne eval --data FILE.jsonl [--data FILE…] [--cv K] [--json]

Measures grogne's sentiment on labelled JSON Lines ({"text", "label"}), with two peers in the
same run on the same rows: accuracy, macro-F1, per-class P/R/F1, confusion matrices.`,
  export: `usage: grogne export --format csv|jsonl|parquet --out FILE [filters] [options]

Writes every scored post matching the filters, one row per post and brand it mentions, to FILE
(through FILE.tmp-<pid>, renamed at the end), with FILE.card.json and FILE.card.md beside it.
Authors are pseudonymised (HMAC-SHA256 under export.authorSecret, else a secret generated once
and kept in the database). The same database and filters give byte-identical CSV and JSONL.
See docs/export.md.

${common}
  -f, --format F      csv, jsonl or parquet
  -o, --out FILE      file to write
  --brand ID          only this brand's rows (--target true|false: aimed at it or not)
  --since DATE        published (else fetched) at or after DATE (ISO 8601)
  --until DATE        …and before DATE
  --min-severity N    severity at least N (0-100)
  --complaint B       true or false
  --sentiment S       negative, neutral or positive
  --lang CODE         ISO 639-3 language (fra)
  --source ID         one source
  --category C        one grievance category (billing, network, …)
  --q QUERY           a search (docs/api.md, Search): words, "phrases", OR, -word, brand:…
  --fields a,b,…      only these fields, in this order (see the card for the list)
  --clear-authors     real author names instead of pseudonyms
  --bom               CSV: start with a UTF-8 byte-order mark (for Excel)
  --progress-every N  off a terminal, a progress line on stderr every N rows
                      (default: at each tenth of the rows)`,
};
