import { ExitCode, checkKeyFile, createLogger, journalPath, withInstanceLock } from '@fakestore/shared-core';
import { type PushConfig, resolvePushConfig } from '../config.js';
import { createJournalStore } from '../io/journal-store.js';
import { pushPending } from '../pending.js';
import { checkGcpCredentials, createGcpSinks } from '../io/sinks.js';
import { dataDirLock } from './_lock.js';
import { printProblems, processSources } from './_sources.js';

/** `batch-ingest push-pending`: resolves the config (GCP required), then pushes under the data-dir lock. */
export async function runPushPendingCommand(flags: Record<string, unknown>): Promise<number> {
  const config = resolvePushConfig(processSources(flags));
  // A key file someone named must be usable (exit 2), even when nothing turns out to be pending.
  if (config.gcp.credentialsFile) checkKeyFile(config.gcp.credentialsFile);
  return withInstanceLock(dataDirLock(config.dataDir), () => pushJournaledPartitions(config));
}

async function pushJournaledPartitions(config: PushConfig): Promise<number> {
  const logger = createLogger({ name: 'batch-ingest', level: config.logLevel, format: config.logFormat });
  const journal = createJournalStore(journalPath(config.dataDir));
  if ((await journal.read()).entries.length === 0) {
    logger.info({ journal: journal.path, pushed: 0, pending: 0, broken: 0 }, 'nothing pending');
    return ExitCode.ok;
  }
  // Nothing pending needs no credentials; something pending is pushed only with usable ones (exit 2 otherwise, the journal untouched).
  const principal = await checkGcpCredentials(config.gcp);
  const sinks = await createGcpSinks(config.gcp, principal);
  const report = await pushPending({ dataDir: config.dataDir, sinks, journal, logger });
  logger.info(
    { journal: journal.path, pushed: report.pushed.length, pending: report.pending.length, broken: report.broken.length },
    'push-pending summary',
  );
  printProblems([
    ...report.broken.map((item) => item.error),
    ...report.pending.map((item) => `still pending: ${item.error}`),
  ]);
  if (report.broken.length > 0) return ExitCode.failure;
  return report.pending.length > 0 ? ExitCode.degraded : ExitCode.ok;
}
