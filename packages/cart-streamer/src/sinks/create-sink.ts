import { readCredentialsFile, useKeyFileForAdc } from '@fakestore/shared-core';
import type { Mode } from '../config.js';
import type { FileStorage } from '../io/storage.js';
import type { EventSink } from '../types.js';
import { createLocalEventLogSink } from './local-event-log.js';
import { createPubSubSink } from './pubsub.js';

/** The sink of a mode: the local event log, or a Pub/Sub topic (the SDK loads on first publish). */
export function createSink(mode: Mode, storage: FileStorage): EventSink {
  if (mode.kind === 'local') return createLocalEventLogSink({ eventsDir: mode.eventsDir, storage });
  useKeyFileForAdc(mode.credentialsFile);
  const reading = mode.credentialsFile ? readCredentialsFile(mode.credentialsFile) : undefined;
  const principal = reading && 'principal' in reading ? reading.principal : undefined;
  return createPubSubSink({ ...mode, ...(principal && { principal }) });
}
