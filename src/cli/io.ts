// What a verb may touch of the outside world, injected so that tests run verbs in-process.
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); verbs that serve wait on it. */
  stopSignal: Promise<void>;
}

/**
 * The first SIGINT or SIGTERM asks the verb to stop (it finishes or undoes what it is doing);
 * a second one exits at once, 128 + the signal's number as a shell would report, through
 * process.exit so that 'exit' listeners still run (an export removes its temporary file).
 * Without this, the second signal found no listener and killed the process outright.
 */
export function processIo(): Io {
  let asked = false;
  const stopSignal = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) process.exit(signal === 'SIGINT' ? 130 : 143);
      asked = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stopSignal,
  };
}

export function line(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}
