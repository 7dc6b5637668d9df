import { checkGoogleCredentials } from '@fakestore/shared-core';
import type { Mode } from '../config.js';
import { isGcsUri } from './gcs-storage.js';

/**
 * gs:// locations need usable credentials before anything is read or written: missing ones are a
 * `CloudConfigError` (exit 2, one line naming the fix), as for Pub/Sub (sinks/access.ts). Nothing
 * to check when no location is on gs://, for an emulator (STORAGE_EMULATOR_HOST takes none), or
 * in gcp mode, whose Pub/Sub check verified the same credentials already.
 */
export async function checkStorageAccess(
  locations: readonly string[],
  options: { mode: Mode; storageEmulatorHost?: string | undefined; credentialsFile?: string | undefined; timeoutMs: number },
): Promise<void> {
  if (!locations.some(isGcsUri) || options.storageEmulatorHost) return;
  if (options.mode.kind === 'gcp' && !options.mode.emulatorHost) return;
  await checkGoogleCredentials({
    ...(options.credentialsFile && { keyFile: options.credentialsFile }),
    alternative: 'or use local paths for --state-file and --events-dir',
    timeoutMs: options.timeoutMs,
  });
}
