// Several processes writing one SQLite file, as `grogne worker`s, `grogne start` and a cron
// `grogne digest` or `grogne rescore` do: every write path waits for another's write lock
// instead of failing, and nothing written at once by two processes is lost or doubled.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { rescoreAll } from '../../src/cli/rescore.ts';
import type { Analyzer } from '../../src/nlp/analyzer.ts';
import { deleteBrand, deleteSource } from '../../src/store/admin.ts';
import { insertAlert, settleAlert } from '../../src/store/alerts.ts';
import { claimSend, recordEmpty } from '../../src/store/digest-sends.ts';
import { addFeedback } from '../../src/store/feedback.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { sourceCounts } from '../../src/store/stats.ts';
import { updateWorkflow } from '../../src/store/workflow.ts';
import { postId, recordFetch, savePosts, syncBrands, syncSources } from '../../src/store/write.ts';
import { analysis, item, NOW, source } from './make.ts';

const SCRIPT = fileURLToPath(new URL('../helpers/store-process.mjs', import.meta.url));
const children: ChildProcess[] = [];
const opened: Db[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const db of opened.splice(0)) db.close();
});

/** A store file with a source, two posts, a brand to delete and an alert waiting to be sent. */
function seeded(): { file: string; db: Db; alertId: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'grogne-writers-')), 'grogne.db');
  const db = openStore(file);
  opened.push(db);
  syncSources(db, [source('blog')], () => NOW);
  syncBrands(db, [
    { id: 'orange', name: 'Orange', aliases: ['Orange'] } as never,
    { id: 'sfr', name: 'SFR', aliases: ['SFR'] } as never,
  ]);
  savePosts(db, 'blog', [item('a'), item('b')], () => NOW);
  const alert = insertAlert(
    db,
    {
      brand: 'sfr',
      search: null,
      windowStart: '2024-05-10T08:00:00.000Z',
      windowEnd: '2024-05-10T09:00:00.000Z',
      count: 3,
      baseline: 0.5,
      pValue: 0.001,
      postIds: [],
      state: 'pending',
    },
    NOW.toISOString(),
  )!;
  return { file, db, alertId: alert.id };
}

function run(args: string[]): { child: ChildProcess; out: Promise<string> } {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  return {
    child,
    out: new Promise((resolve, reject) =>
      child.on('close', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`)),
      ),
    ),
  };
}

/** Resolves once the process has printed `text`. */
function said(child: ChildProcess, text: string, ended: Promise<string>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes(text)) resolve();
    });
    ended.catch(reject);
  });
}

/**
 * Another process takes the file's write lock and holds it `ms`; resolves once it has it, with
 * a promise of its end (in an object: an async function's promise would wait for it).
 */
async function holdLock(file: string, ms: number): Promise<{ released: Promise<string> }> {
  const p = run(['hold', file, String(ms)]);
  await said(p.child, 'locked', p.out);
  return { released: p.out };
}

const at = NOW.toISOString();
const postA = postId('blog', 'a');
const key = (recipient: string) => ({ digest: 'matin', date: '2026-03-29', recipient });

// Each path a process other than the crawler's may take while a crawl worker saves.
const paths: [string, (db: Db, alertId: number) => unknown][] = [
  [
    'recording a crawl and its counters',
    (db) => recordFetch(db, 'blog', { at, ok: true, nextCheckAt: at }),
  ],
  [
    'recording a failed crawl that pauses the source',
    (db) =>
      recordFetch(db, 'blog', { at, ok: false, error: 'x', nextCheckAt: at, pauseAfterErrors: 1 }),
  ],
  [
    'claiming a digest send',
    (db) => claimSend(db, key('a@example.fr'), { by: 'me', now: at, staleBefore: at }),
  ],
  ['recording an empty digest', (db) => recordEmpty(db, key('b@example.fr'), at)],
  ['saving posts', (db) => savePosts(db, 'blog', [item('c')], () => NOW)],
  ['rescoring', (db) => rescoreAll(db, { halfLifeHours: 48, now: () => NOW })],
  ['settling an alert', (db, id) => settleAlert(db, id, 1, at)],
  [
    'patching a post’s workflow',
    (db) => updateWorkflow(db, postA, { handled: true }, { keyId: null, name: 'x' }, at),
  ],
  ['adding feedback', (db) => addFeedback(db, postA, { complaint: false }, null, at)],
  ['mirroring the config', (db) => syncSources(db, [source('blog'), source('forum')], () => NOW)],
  ['deleting a brand', (db) => deleteBrand(db, 'orange')],
  ['deleting a source', (db) => deleteSource(db, 'blog')],
];

describe('a write while another process holds the write lock', () => {
  it.each(paths)('%s waits for it, then succeeds', async (_name, write) => {
    const { file, db, alertId } = seeded();
    const { released } = await holdLock(file, 300);
    expect(() => write(db, alertId)).not.toThrow();
    await released;
  });

  it('would fail in a deferred transaction that reads first: the lock is really held', async () => {
    const { file, db } = seeded();
    const { released } = await holdLock(file, 300);
    const readThenWrite = db.transaction(() => {
      db.prepare('SELECT COUNT(*) FROM posts').get();
      db.prepare("UPDATE sources SET name = 'x'").run();
    });
    // It read a snapshot, then found the other's commit when it came to write: SQLite cannot
    // wait that out, and fails the transaction midway.
    expect(() => readThenWrite()).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }),
    );
    await released;
  });
});

describe('two processes writing at once', () => {
  it('count every crawl, claim each digest send once, and keep every row', async () => {
    const { file, db } = seeded();
    const n = 200;
    const writers = ['one', 'two'].map((name) => run(['write', file, name, String(n)]));
    await Promise.all(writers.map((w) => said(w.child, 'ready', w.out)));
    for (const w of writers) w.child.stdin!.write('go\n');
    const results = (await Promise.all(writers.map((w) => w.out))).map(
      (out) =>
        JSON.parse(out.trim().split('\n').at(-1)!) as {
          name: string;
          claimed: number;
          errors: string[];
        },
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    // Each of the n sends claimed by exactly one of them, and recorded sent once.
    expect(results[0]!.claimed + results[1]!.claimed).toBe(n);
    const sends = db
      .prepare("SELECT status, COUNT(*) AS n FROM digest_sends WHERE digest = 'matin' GROUP BY 1")
      .all();
    expect(sends).toEqual([{ status: 'sent', n }]);
    // Every crawl counted, once.
    expect(sourceCounts(db)).toMatchObject([
      { source: 'blog', crawls: { ok: 2 * n }, items: { new: 2 * n } },
    ]);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM feedback')).toBe(2 * n);
    // Marked handled by both, it keeps the first who did.
    const handled = db.prepare('SELECT handled_by_name AS name FROM post_workflow').all();
    expect(handled).toHaveLength(1);
    expect(['one', 'two']).toContain((handled[0] as { name: string }).name);
  }, 60_000);
});

describe('a rescore while another process crawls', () => {
  it('leaves the posts a crawl rewrote or deleted meanwhile as the crawl left them', () => {
    const { file, db } = seeded();
    const crawler = openStore(file);
    opened.push(crawler);
    let analysed = 0;
    // While the rescore analyses its batch, the crawler stores a new text for "a" (with its
    // own analysis) and the post "b" is deleted (as its source's deletion deletes it).
    const analyzer = {
      analyse: () => {
        if (analysed++ === 0) {
          const edited = { text: 'SFR a tout réparé.', fetchedAt: '2024-05-10T12:30:00.000Z' };
          savePosts(crawler, 'blog', [item('a', edited, { sentiment: 'neutral' })], () => NOW);
          crawler.prepare('DELETE FROM posts WHERE id = ?').run(postId('blog', 'b'));
        }
        return analysis({ sentiment: 'positive' });
      },
    } as unknown as Analyzer;
    const counts = rescoreAll(db, { halfLifeHours: 48, reanalyse: analyzer, now: () => NOW });
    expect(counts).toMatchObject({ posts: 2, rescored: 0, superseded: 2 });
    expect(db.prepare('SELECT post_id, sentiment FROM analyses').all()).toEqual([
      { post_id: postId('blog', 'a'), sentiment: 'neutral' },
    ]);
  });
});
