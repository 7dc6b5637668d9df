import { pino, stdSerializers, stdTimeFunctions, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { secretRedactPaths } from './redact.js';
import type { LoggerOptions } from './types.js';

export type { Logger } from 'pino';

/** Cloud Logging severities, so JSON lines are classified right when shipped from Cloud Run or GKE. */
const severityOf: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/**
 * A pino logger: JSON lines when not a TTY, pretty when a TTY, secrets redacted either way.
 *
 * pino-pretty runs as an in-process stream, not a worker transport, so it also works in bundled
 * CLIs and in tests.
 */
export function createLogger(options: LoggerOptions): Logger {
  const isPretty = options.pretty ?? process.stdout.isTTY === true;
  const base = {
    name: options.name,
    level: options.level ?? 'info',
    base: { name: options.name },
    redact: { paths: secretRedactPaths(), censor: '[Redacted]' },
    serializers: { err: stdSerializers.err, error: stdSerializers.err },
  };
  if (isPretty) {
    const stream = pretty({
      colorize: options.colorize ?? (options.destination === undefined && pretty.isColorSupported),
      destination: options.destination ?? 1,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
    });
    return pino(base, stream);
  }
  const json = {
    ...base,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label, severity: severityOf[label] ?? 'DEFAULT' }) },
  };
  return options.destination === undefined ? pino(json) : pino(json, options.destination);
}
