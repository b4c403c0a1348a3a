// A client that announces more than it sends must not hold a connection: the server answers
// 408 and closes. Real HTTP on loopback, raw sockets to send what no HTTP client would.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import {
  HEADERS_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  type Served,
  serve,
  TIMEOUT_CHECK_MS,
} from '../../src/api/server.ts';
import { postId } from '../../src/store/write.ts';
import { NOW } from '../store/make.ts';
import { fixtureDb, makeKey } from './fixture.ts';

let server: Served;
let key: string;
beforeAll(async () => {
  const db = fixtureDb();
  key = makeKey(db, 'reader');
  const app = createApp({ db, now: () => NOW, anonymousRead: true });
  // Short timeouts so that the test waits a fraction of a second, not the production 8 s.
  server = await serve(app, { port: 0, requestTimeoutMs: 400, headersTimeoutMs: 200 });
});
afterAll(() => server.close());

/** Writes `raw`, then resolves with everything the server sent once it closes the socket. */
function sendAndWaitForClose(raw: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

describe('request timeouts', () => {
  it('a body shorter than its Content-Length gets a 408 and the connection closed', async () => {
    // A valid key, so that the route does read the body.
    const answer = await sendAndWaitForClose(
      `POST /v1/posts/${postId('blog', 'calm')}/feedback HTTP/1.1\r\nHost: x\r\n` +
        `Authorization: Bearer ${key}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"note":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never end get a 408 and the connection closed', async () => {
    const answer = await sendAndWaitForClose('GET /v1/posts HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('by default a request is cut off well before 12 s', () => {
    expect(REQUEST_TIMEOUT_MS + TIMEOUT_CHECK_MS).toBeLessThan(12_000);
    expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS);
  });

  it('still answers a complete request', async () => {
    expect((await fetch(`${server.url}/v1/posts?limit=1`)).status).toBe(200);
  });
});
