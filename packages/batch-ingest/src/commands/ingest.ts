import { createHttpClient, createLogger, defaultUserAgent, isPrettyFormat, journalPath, withInstanceLock } from '@fakestore/shared-core';
import { resolveIngestConfig } from '../config.js';
import { createProgressLine } from '../progress.js';
import { runIngest } from '../run.js';
import { createGcpSinks } from '../sinks.js';
import { problemLines, summaryRecord, summaryTable } from '../summary.js';
import { tool } from '../tool.js';
import type { IngestConfig } from '../types.js';
import { dataDirLock } from './_lock.js';
import { printProblems, processSources } from './_sources.js';

/** `batch-ingest`: resolves the config from the given flags, env and .env, then runs under the data-dir lock. */
export async function runIngestCommand(flags: Record<string, unknown>): Promise<number> {
  const config = resolveIngestConfig(processSources(flags));
  return withInstanceLock(dataDirLock(config.dataDir), () => ingest(config));
}

async function ingest(config: IngestConfig): Promise<number> {
  const logger = createLogger({ name: 'batch-ingest', level: config.logLevel, format: config.logFormat });
  const http = createHttpClient({
    baseUrl: config.apiUrl,
    timeoutMs: config.httpTimeoutMs,
    logger,
    userAgent: `${defaultUserAgent} batch-ingest/${tool.version}`,
  });
  const progress = process.stderr.isTTY ? createProgressLine(process.stderr) : undefined;
  const gcp = config.gcp;
  const report = await runIngest(config, {
    http,
    logger,
    ...(gcp && { createSinks: () => createGcpSinks(gcp) }),
    ...(progress && { onDownloadProgress: (entity, loaded, total) => progress.update(entity, loaded, total) }),
  });
  progress?.done();
  // People get a table, machines one JSON line: the same choice as the log lines'.
  if (isPrettyFormat(config.logFormat)) process.stdout.write(summaryTable(report));
  else logger.info(summaryRecord(report), 'run summary');
  printProblems(problemLines(report, journalPath(config.dataDir)));
  return report.exitCode;
}
