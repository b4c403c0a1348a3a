// Load on several HTTP servers at once, from one client in a worker thread that alternates its
// requests between them: each connection asks the first server, then the second, … then the
// first again (starting one further at each turn), so that every server is measured under the
// same load from the rest of the machine, down to the millisecond. On a shared machine whose
// load changes within a second, runs one after the other (even in alternating one-second
// slices of autocannon) gave the same code ratios from 0.4 to 1.5.
import { Worker } from 'node:worker_threads';

export interface TurnsOptions {
  /** Full URLs, one per server. */
  urls: string[];
  seconds: number;
  /** Keep-alive connections to each server, each its own loop of turns. */
  connections: number;
  /** Time each request to the first chunk of its body, then drop it (a long export). */
  firstChunk?: boolean;
}

export interface ServerLoad {
  url: string;
  requests: number;
  /** Requests answered other than 200, or failed. */
  failed: number;
  /** Request latencies in ms, in the order they were made. */
  latencies: number[];
}

// CommonJS, run with eval: the worker needs no file of its own and no TypeScript loader.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { urls, seconds, connections, firstChunk } = workerData;
const agents = urls.map(() => new http.Agent({ keepAlive: true, maxSockets: connections }));
const ask = (i) => new Promise((resolve) => {
  const t = performance.now();
  const req = http.get(urls[i], { agent: agents[i] }, (res) => {
    const done = () => resolve([performance.now() - t, res.statusCode === 200]);
    if (firstChunk) {
      res.once('data', () => { done(); req.destroy(); });
      res.once('end', done);
    } else {
      res.resume();
      res.once('end', done);
    }
  });
  req.once('error', () => resolve([performance.now() - t, false]));
});
(async () => {
  const loads = urls.map((url) => ({ url, requests: 0, failed: 0, latencies: [] }));
  // A few turns first, unmeasured: connections opened, code paths warm.
  for (let n = 0; n < 5; n++) for (let i = 0; i < urls.length; i++) await ask(i);
  const until = performance.now() + seconds * 1000;
  const loop = async (start) => {
    for (let turn = start; performance.now() < until; turn++) {
      for (let k = 0; k < urls.length; k++) {
        const i = (turn + k) % urls.length;
        const [ms, ok] = await ask(i);
        loads[i].requests++;
        loads[i].latencies.push(ms);
        if (!ok) loads[i].failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, c) => loop(c)));
  parentPort.postMessage(loads);
})();
`;

export async function inTurns(o: TurnsOptions): Promise<ServerLoad[]> {
  const worker = new Worker(CLIENT, { eval: true, workerData: { firstChunk: false, ...o } });
  try {
    return await new Promise<ServerLoad[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}
