import { ExitCode, configArgs, createLogger, journalPath, withInstanceLock } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import { type PushConfig, pushFields, resolvePushConfig } from '../config.js';
import { createJournalStore } from '../io/journal-store.js';
import { pushPending } from '../pending.js';
import { createGcpSinks } from '../io/sinks.js';
import { dataDirLock } from './_lock.js';
import { printProblems, processSources } from './_sources.js';

export default defineCommand({
  meta: {
    name: 'push-pending',
    description: [
      'Push the lake partitions that earlier runs could not get into Cloud Storage / BigQuery.',
      "Each partition's data is checked against its manifest's sha256 first; stages already done are skipped;",
      'only what succeeded leaves the journal ({data-dir}/_pending/push-journal.json). A second run with nothing pending does nothing.',
      '',
      'Exit status: 0 all pushed (or nothing pending), 1 a partition is missing or corrupt (or another batch-ingest holds the data dir),',
      '2 bad usage, 3 some still pending.',
    ].join('\n'),
  },
  args: configArgs(pushFields),
  async run({ args }) {
    const config = resolvePushConfig(processSources(pushFields, args));
    return withInstanceLock(dataDirLock(config.dataDir), () => pushJournaledPartitions(config));
  },
});

async function pushJournaledPartitions(config: PushConfig): Promise<number> {
  const logger = createLogger({ name: 'batch-ingest', level: config.logLevel });
  const journal = createJournalStore(journalPath(config.dataDir));
  if ((await journal.read()).entries.length === 0) {
    logger.info({ journal: journal.path, pushed: 0, pending: 0, broken: 0 }, 'nothing pending');
    return ExitCode.ok;
  }
  const sinks = await createGcpSinks(config.gcp);
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
