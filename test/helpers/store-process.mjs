// Another process writing the same SQLite file, for test/store/writers.test.ts.
//   node store-process.mjs hold FILE MS        holds the write lock MS ms, writing a row ("locked"
//                                              once taken)
//   node store-process.mjs write FILE NAME N   once told "go" on stdin, records N crawls, claims
//                                              N sends, writes N feedback rows and patches;
//                                              prints a JSON summary
// `hold` uses better-sqlite3 alone (it starts fast); `write` runs grogne's own store functions
// from src/ through tsx, as `grogne` does without a build.
const [role, file, ...rest] = process.argv.slice(2);

if (role === 'hold') {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  // It writes, as a crawl worker's save does: a reader's snapshot taken meanwhile goes stale.
  db.exec('BEGIN IMMEDIATE');
  db.prepare(
    "INSERT INTO meta (key, value) VALUES ('test.held', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(String(process.pid));
  process.stdout.write('locked\n');
  setTimeout(() => {
    db.exec('COMMIT');
    db.close();
  }, Number(rest[0]));
} else if (role === 'write') {
  const { register } = await import('tsx/esm/api');
  register();
  const { openStore } = await import('../../src/store/open.ts');
  const { recordFetch } = await import('../../src/store/fetch-state.ts');
  const { claimSend, markSent } = await import('../../src/store/digest-sends.ts');
  const { addFeedback } = await import('../../src/store/feedback.ts');
  const { updateWorkflow } = await import('../../src/store/workflow.ts');
  const [name, n] = [rest[0], Number(rest[1])];
  const db = openStore(file);
  const errors = [];
  let claimed = 0;
  const post = db.prepare('SELECT id FROM posts ORDER BY id LIMIT 1').pluck().get();
  const at = new Date().toISOString();
  // Both writers start their loops together, whatever their start-up took.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
  for (let i = 0; i < n; i++) {
    try {
      recordFetch(db, 'blog', {
        at,
        ok: true,
        nextCheckAt: at,
        items: { new: 1, updated: 0, unchanged: 0 },
      });
      const key = { digest: 'matin', date: '2026-03-29', recipient: `r${i}@example.fr` };
      if (claimSend(db, key, { by: name, now: at, staleBefore: '2000-01-01T00:00:00.000Z' })) {
        markSent(db, key, name, at);
        claimed++;
      }
      addFeedback(db, post, { note: `${name} ${i}` }, null, at);
      updateWorkflow(db, post, { handled: true }, { keyId: null, name }, at);
    } catch (err) {
      errors.push(`${i}: ${err.code ?? ''} ${err.message}`);
    }
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ name, claimed, errors })}\n`);
} else {
  process.stderr.write(`unknown role ${role}\n`);
  process.exitCode = 2;
}
