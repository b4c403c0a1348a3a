// An in-process Io for running a verb in a test: stdin empty, stdout and stderr collected.
import { PassThrough, Writable } from 'node:stream';
import type { Io } from '../../src/cli/io.ts';

export function memoryIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(String(chunk));
        done();
      },
    });
  const io: Io = {
    stdin: new PassThrough(),
    stdout: sink(out),
    stderr: sink(err),
    env: {},
    cwd,
    stopSignal: new Promise(() => {}),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
