import { pino, stdSerializers, stdTimeFunctions, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { type ColorStream, useColor } from './cli/color.js';
import { secretRedactPaths } from './redact.js';
import type { LogFormat, LoggerOptions } from './types.js';

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

/** Pretty lines fit this many columns when the destination is not a terminal (`make demo` piped, CI logs). */
const DEFAULT_PRETTY_WIDTH = 100;

/**
 * A pino logger, secrets redacted either way: JSON lines (`format: 'json'`), or short pretty
 * lines (`'pretty'`), or whichever suits the destination (`'auto'`, the default: pretty on a TTY).
 *
 * Pretty is for people: one line per event, the message whole, then as many `key=value` fields as
 * fit the width; nested objects are left out (JSON keeps everything). pino-pretty runs as an
 * in-process stream, not a worker transport, so it also works in bundled CLIs and in tests.
 */
export function createLogger(options: LoggerOptions): Logger {
  const target = (options.destination ?? process.stdout) as ColorStream & { columns?: number };
  const base = {
    name: options.name,
    level: options.level ?? 'info',
    base: { name: options.name },
    redact: { paths: secretRedactPaths(), censor: '[Redacted]' },
    serializers: { err: stdSerializers.err, error: stdSerializers.err },
  };
  if (isPrettyFormat(options.format, target)) {
    const width = options.width ?? (target.isTTY === true && target.columns ? target.columns : DEFAULT_PRETTY_WIDTH);
    const stream = pretty({
      colorize: options.colorize ?? useColor(target, options.env),
      destination: options.destination ?? 1,
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      hideObject: true,
      messageFormat: (log, messageKey) => prettyMessage(log, messageKey, width - prefixWidth(log)),
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

/** Whether `format` means pretty lines on `stream` (`auto`: when it is a TTY). Also decides tables versus JSON summaries. */
export function isPrettyFormat(format: LogFormat | undefined, stream: ColorStream = process.stdout): boolean {
  return format === 'pretty' || ((format ?? 'auto') === 'auto' && stream.isTTY === true);
}

// ----- pretty lines -----

/** Keys pino-pretty already shows before the message, or that only matter to machines. */
const SHOWN_OR_NOISE = new Set(['time', 'level', 'msg', 'name', 'pid', 'hostname', 'severity']);
/** A longer value is cut in the middle, keeping the end a path or URL is told apart by. */
const MAX_VALUE = 40;
/** A message too long for the line has its longest words (paths, URLs, ids) cut to this, longest first. */
const MAX_WORD = 24;

/** `[12:00:00] INFO (cart-streamer): `: what pino-pretty writes before the message. */
function prefixWidth(log: Record<string, unknown>): number {
  const name = typeof log.name === 'string' ? log.name : '';
  const label = log.level === 30 || log.level === 40 ? 'INFO' : 'ERROR'; // INFO, WARN; the others have 5 letters
  return '[HH:MM:ss] '.length + label.length + (name ? ` (${name})`.length : 0) + ': '.length;
}

/**
 * The message on one line (its longest words cut if it is too long), then the fields that fit in
 * `budget` columns, less those that say nothing (0, false, empty) or what the message says.
 */
function prettyMessage(log: Record<string, unknown>, messageKey: string, budget: number): string {
  const raw = log[messageKey];
  let line = fitWords((typeof raw === 'string' ? raw : raw === undefined ? '' : JSON.stringify(raw)).replace(/\s*\n\s*/g, ' '), budget);
  const said = new Set(line.split(/[\s,;:()[\]{}'"]+/).map((word) => word.replace(/(?<=\d)[a-z%]+$/i, '')));
  for (const [key, value] of Object.entries(log)) {
    if (SHOWN_OR_NOISE.has(key) || key === messageKey) continue;
    if (value === 0 || value === false || value === null || value === '') continue; // nothing happened: not news
    if ((typeof value === 'string' || typeof value === 'number') && said.has(String(value))) continue; // the message says it
    const field = fieldText(key, value);
    if (field === undefined) continue;
    if (line.length + 1 + field.length > budget) continue; // a shorter one further on may fit
    line = line === '' ? field : `${line} ${field}`;
  }
  return line;
}

/** The message, every word kept, with its longest words cut in the middle until it fits `budget` (if it can). */
function fitWords(message: string, budget: number): string {
  if (message.length <= budget) return message;
  const words = message.split(' ');
  const longest = [...words.keys()].filter((index) => words[index]!.length > MAX_WORD).sort((a, b) => words[b]!.length - words[a]!.length);
  let length = message.length;
  for (const index of longest) {
    if (length <= budget) break;
    const cut = middleCut(words[index]!, MAX_WORD);
    length -= words[index]!.length - cut.length;
    words[index] = cut;
  }
  return words.join(' ');
}

/** `/tmp/cart-stre…/events`: the start and, longer, the end. */
function middleCut(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.floor((width - 1) / 3);
  return `${text.slice(0, head)}…${text.slice(-(width - 1 - head))}`;
}

function fieldText(key: string, value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return `${key}=${String(value)}`;
  if (typeof value === 'string') return `${key}=${shorten(value)}`;
  if (Array.isArray(value)) return `${key}=[${value.length}]`;
  if (typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    return `${key}=${shorten((value as { message: string }).message)}`; // an error: its message, never its stack
  }
  return undefined;
}

function shorten(text: string): string {
  const cut = middleCut(text.replace(/\s+/g, ' '), MAX_VALUE);
  return /[\s"=]/.test(cut) ? JSON.stringify(cut) : cut;
}
