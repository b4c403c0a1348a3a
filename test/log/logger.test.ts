import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from '../../src/log/logger.ts';

const NOW = new Date('2026-11-20T08:30:00.000Z');
function capture(opts: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const log = createLogger({
    stream: { write: (t: string) => lines.push(t) },
    now: () => NOW,
    ...opts,
  });
  return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('JSON lines', () => {
  it('writes one object a line with time, level, message and fields', () => {
    const { log, lines, records } = capture();
    log.info({ reqId: 'r1', status: 200 }, 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(records()[0]).toEqual({
      time: '2026-11-20T08:30:00.000Z',
      level: 'info',
      msg: 'request',
      reqId: 'r1',
      status: 200,
    });
  });
  it('drops lines below its level', () => {
    const { log, records } = capture({ level: 'warn' });
    log.debug({}, 'a');
    log.info({}, 'b');
    log.warn({}, 'c');
    log.error({}, 'd');
    expect(records().map((r) => r.level)).toEqual(['warn', 'error']);
  });
  it('writes an error with its type, message, stack and cause', () => {
    const { log, records } = capture();
    const err = new TypeError('boom', { cause: new Error('root') });
    log.error({ err }, 'failed');
    const e = records()[0]!.err as Record<string, unknown>;
    expect(e).toMatchObject({ type: 'TypeError', message: 'boom' });
    expect(e.stack).toMatch(/TypeError: boom\n\s+at /);
    expect(e.cause).toMatchObject({ type: 'Error', message: 'root' });
  });
  it('adds a child’s bindings to every line, the line’s own fields winning', () => {
    const { log, records } = capture();
    const child = log.child({ source: 'blog', reqId: 'a' });
    child.info({ reqId: 'b' }, 'x');
    expect(records()[0]).toMatchObject({ source: 'blog', reqId: 'b' });
  });
  it('keeps its own keys: a field named level or time cannot forge them', () => {
    const { log, records } = capture();
    log.info({ level: 'error', time: 'x', msg: 'y' }, 'real');
    expect(records()[0]).toMatchObject({ level: 'info', time: NOW.toISOString(), msg: 'real' });
  });
  it('still logs a line whose fields cannot be serialised', () => {
    const { log, records } = capture();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    log.warn({ cycle }, 'odd');
    expect(records()[0]).toMatchObject({ level: 'warn', msg: 'odd' });
  });
});

describe('pretty lines', () => {
  it('writes time, level, message and fields on one line, then the stack', () => {
    const { log, lines } = capture({ format: 'pretty' });
    log.error({ source: 'blog', err: new Error('boom') }, 'crawl failed');
    expect(lines[0]).toMatch(
      /^08:30:00\.000 ERROR crawl failed source=blog err="boom"\nError: boom\n/,
    );
  });
});
