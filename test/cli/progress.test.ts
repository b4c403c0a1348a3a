// What a long verb shows while it runs. Logs (non-TTY) get plain lines at fixed steps of the
// work, so the same job logs the same lines on any machine; a terminal gets one redrawn line.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, duration, progressLine } from '../../src/cli/progress.ts';

function sink(isTTY = false) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += chunk;
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

/** A clock the test moves: each update happens `ms` later. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress lines for logs (not a terminal)', () => {
  it('one line at each 10% of the work, with done/total, rate and time left', () => {
    const out = sink();
    const c = clock();
    const p = createProgress({
      stream: out.stream,
      label: 'rescore',
      total: 1000,
      unit: 'posts',
      now: c.now,
    });
    for (let done = 50; done <= 1000; done += 50) {
      c.advance(500); // 100 posts a second
      p.update(done);
    }
    p.finish();
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('rescore: 100/1,000 posts (10%), 100 posts/s, 9 s left');
    expect(lines[4]).toBe('rescore: 500/1,000 posts (50%), 100 posts/s, 5 s left');
    expect(lines[9]).toBe('rescore: 1,000/1,000 posts (100%), 100 posts/s, done in 10 s');
    // Plain lines: no carriage return, no terminal escape.
    expect(out.text()).not.toMatch(/[\r\x1b]/);
  });

  it('a jump over several steps gives one line, not one per step skipped', () => {
    const out = sink();
    const c = clock();
    const p = createProgress({
      stream: out.stream,
      label: 'import',
      total: 40,
      unit: 'files',
      now: c.now,
    });
    c.advance(2000);
    p.update(3);
    c.advance(2000);
    p.update(25, { posts: 800 });
    expect(out.text().trim().split('\n')).toEqual([
      'import: 25/40 files (62%), 6.3 files/s, 800 posts (200/s), 2 s left',
    ]);
  });

  it('`every` asks for a line every so many items instead', () => {
    const out = sink();
    const c = clock();
    const p = createProgress({
      stream: out.stream,
      label: 'export',
      total: 24_000,
      unit: 'rows',
      every: 10_000,
      now: c.now,
    });
    for (const done of [4000, 9000, 10_250, 15_000, 20_000, 24_000]) {
      c.advance(1000);
      p.update(done);
    }
    expect(
      out
        .text()
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['export: 10', 'export: 20']);
  });

  it('prints nothing for fewer than 10 items: the verb’s own lines say as much', () => {
    const out = sink();
    const p = createProgress({ stream: out.stream, label: 'import', total: 3, unit: 'files' });
    for (const done of [1, 2, 3]) p.update(done);
    p.finish();
    expect(out.text()).toBe('');
  });

  it('prints nothing for work done before its first step', () => {
    const out = sink();
    const p = createProgress({ stream: out.stream, label: 'crawl', total: 30, unit: 'sources' });
    p.update(1);
    p.update(2);
    p.finish();
    expect(out.text()).toBe('');
  });

  it('output lines pass through unchanged', () => {
    const out = sink();
    const other = sink();
    const p = createProgress({ stream: out.stream, label: 'crawl', total: 3, unit: 'sources' });
    p.log(other.stream, '[1/3] blog: 12 items');
    expect(other.text()).toBe('[1/3] blog: 12 items\n');
    expect(out.text()).toBe('');
  });
});

describe('progress on a terminal', () => {
  it('redraws one line in place, at most every 100 ms, and ends it with a newline', () => {
    const out = sink(true);
    const c = clock();
    const p = createProgress({
      stream: out.stream,
      label: 'rescore',
      total: 100,
      unit: 'posts',
      now: c.now,
    });
    c.advance(150);
    p.update(10);
    c.advance(10);
    p.update(11); // too soon: not drawn
    c.advance(150);
    p.update(40);
    p.log(out.stream, 'a line of output');
    c.advance(100);
    p.update(100);
    p.finish();
    const draws = out.text().split('\r').filter(Boolean);
    expect(draws.map((d) => d.split(',')[0])).toEqual([
      'rescore: 10/100 posts (10%)',
      'rescore: 40/100 posts (40%)',
      '\x1b[Ka line of output\n',
      'rescore: 40/100 posts (40%)',
      'rescore: 100/100 posts (100%)',
      'rescore: 100/100 posts (100%)',
    ]);
    // Each draw clears the rest of the line; only the last one ends it.
    expect(draws.filter((d) => d.startsWith('rescore')).every((d) => d.includes('\x1b[K'))).toBe(
      true,
    );
    expect(out.text().endsWith('\n')).toBe(true);
  });
});

describe('progressLine and duration', () => {
  it('says the time left in seconds, minutes or hours', () => {
    expect(duration(4.4)).toBe('4 s');
    expect(duration(185)).toBe('3 min 05 s');
    expect(duration(7620)).toBe('2 h 07 min');
  });

  it('has no rate and no time left before any time has passed', () => {
    expect(progressLine('import', 0, 10, 'files', {}, 0)).toBe(
      'import: 0/10 files (0%), 0.0 files/s',
    );
  });
});
