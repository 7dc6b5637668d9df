import { createHttpClient, createLogger, configArgs, defaultUserAgent, journalPath, withInstanceLock } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import { ingestFields, resolveIngestConfig } from '../config.js';
import { problemLines, summaryRecord, summaryTable, warningLines } from '../core/summary.js';
import { createGcpSinks } from '../io/sinks.js';
import { createStatusLine } from '../io/terminal.js';
import { runIngest } from '../run.js';
import { tool } from '../tool.js';
import type { IngestConfig } from '../types.js';
import { dataDirLock } from './_lock.js';
import { printProblems, processSources } from './_sources.js';

export default defineCommand({
  meta: {
    name: 'batch-ingest',
    version: tool.version,
    description: [
      'Extract Fake Store products and users, validate every record, write a lake partition and, in gcp mode, load BigQuery bronze.',
      '',
      'Mode: gcp when a project id or a bucket is configured (flag, environment or .env) and --local-only is not given;',
      'then both --project-id and --bucket-name are required. Otherwise local: the lake under --data-dir, no cloud client.',
      'If Cloud Storage or BigQuery fail, the partition stays in the lake, is journaled and the run exits 3;',
      "'batch-ingest push-pending' (or the next run) pushes it.",
      'One batch-ingest at a time per data dir: a run or push-pending holds {data-dir}/.batch-ingest.lock while it works.',
      '',
      'Exit status: 0 ok, 1 an entity failed (or another batch-ingest holds the data dir), 2 bad usage or configuration,',
      '3 completed but degraded (push pending).',
    ].join('\n'),
  },
  args: configArgs(ingestFields),
  async run({ args }) {
    const config = resolveIngestConfig(processSources(ingestFields, args));
    return withInstanceLock(dataDirLock(config.dataDir), () => ingest(config));
  },
});

async function ingest(config: IngestConfig): Promise<number> {
  // A progress line on stderr only on a terminal; log lines then pass through it, so they never run into it.
  const progress = process.stderr.isTTY ? createStatusLine(process.stdout, process.stderr) : undefined;
  const logger = createLogger({
    name: 'batch-ingest',
    level: config.logLevel,
    ...(progress && process.stdout.isTTY && { destination: progress.logDestination, colorize: process.stdout.hasColors() }),
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
    ...(gcp && { createSinks: () => createGcpSinks(gcp) }),
    ...(progress && { onDownloadProgress: (entity, loaded, total) => progress.update(entity, loaded, total) }),
  });
  progress?.done();
  if (process.stdout.isTTY) process.stdout.write(summaryTable(report));
  else logger.info(summaryRecord(report), 'run summary');
  printProblems([...warningLines(report), ...problemLines(report, journalPath(config.dataDir))]);
  return report.exitCode;
}
