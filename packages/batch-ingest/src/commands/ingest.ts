import { resolve } from 'node:path';
import { createHttpClient, createLogger, defaultUserAgent, isPrettyFormat, journalPath, useColor, withInstanceLock } from '@fakestore/shared-core';
import { resolveIngestConfig } from '../config.js';
import { problemLines, summaryRecord, summaryTable, warningLines } from '../core/summary.js';
import { checkGcpCredentials, createGcpSinks } from '../io/sinks.js';
import { createStatusLine } from '../io/terminal.js';
import { runIngest } from '../run.js';
import { tool } from '../tool.js';
import type { IngestConfig } from '../types.js';
import { dataDirLock } from './_lock.js';
import { printProblems, processSources } from './_sources.js';

/** `batch-ingest`: resolves the config from the given flags, env and .env, then runs under the data-dir lock. */
export async function runIngestCommand(flags: Record<string, unknown>): Promise<number> {
  const config = resolveIngestConfig(processSources(flags));
  // Before the lock and the lake: a run without usable credentials writes nothing.
  const principal = config.gcp ? await checkGcpCredentials(config.gcp, 'or pass --local-only to write the local lake only') : undefined;
  return withInstanceLock(dataDirLock(config.dataDir), () => ingest(config, principal));
}

async function ingest(config: IngestConfig, principal: string | undefined): Promise<number> {
  // A progress line on stderr only on a terminal. When the pretty log lines share that terminal,
  // they pass through it, so a log line never runs into the progress line.
  const progress = process.stderr.isTTY ? createStatusLine(process.stdout, process.stderr) : undefined;
  const sharedTerminal = progress !== undefined && process.stdout.isTTY && isPrettyFormat(config.logFormat);
  const logger = createLogger({
    name: 'batch-ingest',
    level: config.logLevel,
    format: config.logFormat,
    ...(sharedTerminal && {
      destination: progress.logDestination,
      format: 'pretty',
      colorize: useColor(process.stdout),
      ...(process.stdout.columns && { width: process.stdout.columns }),
    }),
  });
  const http = createHttpClient({
    baseUrl: config.apiUrl,
    timeoutMs: config.httpTimeoutMs,
    deadlineMs: config.httpDeadlineMs,
    logger,
    userAgent: `${defaultUserAgent} batch-ingest/${tool.version}`,
  });
  const gcp = config.gcp;
  const report = await runIngest(config, {
    http,
    logger,
    ...(gcp && { createSinks: () => createGcpSinks(gcp, principal) }),
    ...(progress && { onDownloadProgress: (entity, loaded, total) => progress.update(entity, loaded, total) }),
  });
  progress?.done();
  // People get a table, machines one JSON line: the same choice as the log lines'.
  if (isPrettyFormat(config.logFormat)) process.stdout.write(summaryTable(report, resolve(config.dataDir)));
  else logger.info(summaryRecord(report), 'run summary');
  printProblems([...warningLines(report), ...problemLines(report, journalPath(config.dataDir))]);
  return report.exitCode;
}
