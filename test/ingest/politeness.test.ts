import { describe, expect, it } from 'vitest';
import { HostScheduler, hostKey } from '../../src/ingest/politeness.ts';

// A fake clock: sleep() parks a promise until the test advances time past its deadline.
// Nothing here waits for real time.
function fakeClock() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const flush = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        timers.push({ at: t + ms, resolve });
      }),
    /** Runs until `done` settles, jumping the clock to each next timer. */
    async drive<T>(done: Promise<T>): Promise<T> {
      let settled = false;
      // Observed at once, so a rejection is never "unhandled" while the clock runs.
      const watched = done.then(
        (value) => {
          settled = true;
          return { ok: true as const, value };
        },
        (error: unknown) => {
          settled = true;
          return { ok: false as const, error };
        },
      );
      for (let guard = 0; guard < 10_000 && !settled; guard++) {
        await flush();
        if (settled) break;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) continue;
        t = Math.max(t, next.at);
        next.resolve();
      }
      const outcome = await watched;
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
  };
}

/** Runs `urls` through a scheduler; each request takes `durationMs` of fake time. */
async function crawl(
  urls: string[],
  opts: { minDelayMs?: number; maxConcurrent?: number; durationMs?: number } = {},
  setup?: (s: HostScheduler) => void,
) {
  const clock = fakeClock();
  const s = new HostScheduler({ now: clock.now, sleep: clock.sleep, ...opts });
  setup?.(s);
  const log: { url: string; start: number; end: number }[] = [];
  let peak = 0;
  const all = Promise.all(
    urls.map((url) =>
      s.run(url, async () => {
        const start = clock.now();
        peak = Math.max(peak, s.inFlight);
        await clock.sleep(opts.durationMs ?? 1000);
        log.push({ url, start, end: clock.now() });
        return url;
      }),
    ),
  );
  const results = await clock.drive(all);
  return { log, peak, results };
}

const gaps = (log: { url: string; start: number; end: number }[], host: string) => {
  const mine = log.filter((l) => hostKey(l.url) === host).sort((a, b) => a.start - b.start);
  return mine.slice(1).map((l, i) => l.start - mine[i]!.end);
};

describe('HostScheduler', () => {
  it('one request at a time per host, 3 s apart by default', async () => {
    const urls = ['a', 'b', 'c', 'd'].map((p) => `https://blog.example.fr/${p}`);
    const { log, results } = await crawl(urls);
    expect(results).toEqual(urls);
    // Requests to one host never overlap and rest ≥ 3 s between them.
    expect(gaps(log, 'blog.example.fr')).toEqual([3000, 3000, 3000]);
  });

  it('different hosts run side by side', async () => {
    const urls = ['https://a.fr/1', 'https://b.fr/1', 'https://c.fr/1'];
    const { log } = await crawl(urls);
    expect(log.map((l) => l.start)).toEqual([0, 0, 0]);
  });

  // Table: the delay a host gets is the larger of the minimum and its robots Crawl-delay.
  it.each([
    ['no crawl-delay: the default minimum', null, 3000],
    ['crawl-delay shorter than the minimum: the minimum', 1000, 3000],
    ['crawl-delay longer: the crawl-delay', 10_000, 10_000],
  ])('%s', async (_, crawlDelay, gap) => {
    const urls = ['https://forum.example.fr/t/1', 'https://forum.example.fr/t/2'];
    const { log } = await crawl(urls, {}, (s) => s.setCrawlDelay(urls[0]!, crawlDelay));
    expect(gaps(log, 'forum.example.fr')).toEqual([gap]);
  });

  it('caps concurrent fetches across hosts (default 4)', async () => {
    const urls = Array.from({ length: 10 }, (_, i) => `https://site${i}.fr/`);
    const { peak, log } = await crawl(urls);
    expect(peak).toBe(4);
    expect(log).toHaveLength(10);
    // 10 one-second requests, 4 at a time: three waves.
    expect(Math.max(...log.map((l) => l.end))).toBe(3000);
  });

  it('honours a smaller global limit', async () => {
    const urls = Array.from({ length: 5 }, (_, i) => `https://site${i}.fr/`);
    const { peak } = await crawl(urls, { maxConcurrent: 2 });
    expect(peak).toBe(2);
  });

  it('a host that rests does not hold a global slot', async () => {
    // One slot: while blog.fr rests between its two requests, other.fr runs.
    const urls = ['https://blog.fr/1', 'https://blog.fr/2', 'https://other.fr/1'];
    const { log } = await crawl(urls, { maxConcurrent: 1 });
    const order = [...log].sort((a, b) => a.start - b.start).map((l) => l.url);
    expect(order).toEqual(['https://blog.fr/1', 'https://other.fr/1', 'https://blog.fr/2']);
  });

  it('a failing task rejects its caller only; the host still rests and goes on', async () => {
    const clock = fakeClock();
    const s = new HostScheduler({ now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    const failing = s.run('https://x.fr/1', async () => {
      starts.push(clock.now());
      throw new Error('HTTP 500');
    });
    const ok = s.run('https://x.fr/2', async () => {
      starts.push(clock.now());
      return 'ok';
    });
    await expect(clock.drive(failing)).rejects.toThrow('HTTP 500');
    await expect(clock.drive(ok)).resolves.toBe('ok');
    expect(starts).toEqual([0, 3000]);
  });

  it('holdUntil keeps a host back (Retry-After)', async () => {
    const urls = ['https://x.fr/1'];
    const { log } = await crawl(urls, {}, (s) => s.holdUntil(urls[0]!, 60_000));
    expect(log[0]!.start).toBe(60_000);
  });

  it('host keys ignore case and keep the port', () => {
    expect(hostKey('https://Forum.Example.FR/a')).toBe('forum.example.fr');
    expect(hostKey('http://127.0.0.1:8080/a')).toBe('127.0.0.1:8080');
  });
});
