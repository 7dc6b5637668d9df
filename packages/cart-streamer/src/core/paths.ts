import { basename, dirname, extname, join } from './location.js';

/** Where the streamer keeps its files; every function is pure. */

/** `20261126T120000123Z`: sorts like the instant, safe in file names. */
export function fileStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:.]/g, '');
}

const date = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** `{eventsDir}/carts-events/date=YYYY-MM-DD/{stamp}-{batchId}.jsonl` (contract: the folder). */
export function eventLogFile(eventsDir: string, batch: { id: string; createdAt: string }): string {
  return join(eventLogDir(eventsDir), `date=${date(batch.createdAt)}`, `${fileStamp(batch.createdAt)}-${batch.id}.jsonl`);
}

/** `{eventsDir}/dead-letter/{stamp}-{batchId}.jsonl` (contract: the folder). */
export function deadLetterFile(eventsDir: string, batch: { id: string; createdAt: string }): string {
  return join(deadLetterDir(eventsDir), `${fileStamp(batch.createdAt)}-${batch.id}.jsonl`);
}

export function deadLetterDir(eventsDir: string): string {
  return join(eventsDir, 'dead-letter');
}

/** `{eventsDir}/quarantine/date=YYYY-MM-DD/{stamp}.jsonl`. */
export function quarantineFile(eventsDir: string, at: string): string {
  return join(quarantineDir(eventsDir), `date=${date(at)}`, `${fileStamp(at)}.jsonl`);
}

/** Next to the state file: `state/carts_state.json` -> `state/carts_state.outbox.json`. */
export function outboxFile(stateFile: string): string {
  const ext = extname(stateFile);
  return join(dirname(stateFile), `${basename(stateFile, ext)}.outbox${ext || '.json'}`);
}

/** Next to the state file: `state/carts_state.json` -> `state/carts_state.versions.json` (see versions.ts). */
export function versionMarkFile(stateFile: string): string {
  const ext = extname(stateFile);
  return join(dirname(stateFile), `${basename(stateFile, ext)}.versions${ext || '.json'}`);
}

/** The event log folder: `{eventsDir}/carts-events`. */
export function eventLogDir(eventsDir: string): string {
  return join(eventsDir, 'carts-events');
}

/** The quarantine folder: `{eventsDir}/quarantine`. */
export function quarantineDir(eventsDir: string): string {
  return join(eventsDir, 'quarantine');
}

/** `state/carts_state.json` -> `state/carts_state.json.bak-{stamp}`. */
export function stateBackupFile(stateFile: string, at: string): string {
  return `${stateFile}.bak-${fileStamp(at)}`;
}
