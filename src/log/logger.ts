// Structured logs for the long-running verbs (serve, start): one JSON object a line on stderr,
// with a level, an ISO time, a message and fields, so that journald, Docker or any collector
// can filter them. The interface is pino's (`log.info(fields, msg)`, `child(bindings)`, `err`
// serialised with its stack): pino can replace this module without touching a call site.
// The CLI's verbs keep writing their human lines to stdout; this is not for them.

export type Level = 'debug' | 'info' | 'warn' | 'error';
export const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];
export type LogFormat = 'json' | 'pretty';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(fields: Fields, msg: string): void;
  info(fields: Fields, msg: string): void;
  warn(fields: Fields, msg: string): void;
  error(fields: Fields, msg: string): void;
  /** A logger that adds `bindings` to every line (a request id, a source). */
  child(bindings: Fields): Logger;
}

export interface LoggerOptions {
  /** Where lines go: process.stderr for the server. */
  stream: { write(text: string): unknown };
  /** Lines below this level are dropped. Default info. */
  level?: Level;
  /** json (default): one object a line; pretty: a short human line, for a terminal. */
  format?: LogFormat;
  now?: () => Date;
}

/** An Error as pino's standard serializer writes it: type, message, stack, and its cause. */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err) };
  const out: Fields = { type: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

function jsonLine(level: Level, time: Date, msg: string, fields: Fields): string {
  const record: Fields = { time: time.toISOString(), level, msg };
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'time' || k === 'level' || k === 'msg' || v === undefined) continue;
    record[k] = k === 'err' ? serializeError(v) : v;
  }
  return `${JSON.stringify(record)}\n`;
}

function prettyLine(level: Level, time: Date, msg: string, fields: Fields): string {
  const parts = [time.toISOString().slice(11, 23), level.toUpperCase().padEnd(5), msg];
  let stack = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (k === 'err') {
      const e = serializeError(v) as { message: string; stack?: string };
      parts.push(`err="${e.message}"`);
      if (e.stack) stack = `\n${e.stack}`;
    } else {
      parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
  }
  return `${parts.join(' ')}${stack}\n`;
}

export function createLogger(opts: LoggerOptions): Logger {
  const min = LEVELS.indexOf(opts.level ?? 'info');
  const format = opts.format === 'pretty' ? prettyLine : jsonLine;
  const now = opts.now ?? (() => new Date());
  const make = (bindings: Fields): Logger => {
    const at =
      (level: Level) =>
      (fields: Fields, msg: string): void => {
        if (LEVELS.indexOf(level) < min) return;
        // A line that cannot be serialised (a cycle, a BigInt) is still logged, without them.
        let text: string;
        try {
          text = format(level, now(), msg, { ...bindings, ...fields });
        } catch (err) {
          text = format(level, now(), msg, { ...bindings, logError: String(err) });
        }
        opts.stream.write(text);
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}

/** Drops everything: for code paths whose caller did not ask for logs. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
