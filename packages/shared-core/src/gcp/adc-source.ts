import { join } from 'node:path';

/**
 * Where Application Default Credentials would come from, decided the way google-auth-library
 * decides it (GOOGLE_APPLICATION_CREDENTIALS, then gcloud's file, then the metadata server), but
 * without ever probing the network:
 *
 * - `key-file`: GOOGLE_APPLICATION_CREDENTIALS names a file (checked by the caller);
 * - `gcloud`: the file `gcloud auth application-default login` writes exists;
 * - `metadata`: the metadata server answers: on Google Cloud (Cloud Run, GCE, GKE: seen from the
 *   environment or the BIOS, as the library does), or METADATA_SERVER_DETECTION says so;
 * - `probe`: only asking the metadata server can tell (METADATA_SERVER_DETECTION=ping-only, or a
 *   metadata host set with GCE_METADATA_HOST / GCE_METADATA_IP): the library's own probe decides;
 * - `none`: nothing to authenticate with. The library would now ping 169.254.169.254, wait, and
 *   print a MetadataLookupWarning before failing with a stack trace: the caller stops first.
 */
export type AdcSource =
  | { kind: 'key-file'; path: string }
  | { kind: 'gcloud'; path: string }
  | { kind: 'metadata' }
  | { kind: 'probe' }
  | { kind: 'none' }
  | { kind: 'invalid-detection'; value: string };

export interface AdcProbe {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  exists(path: string): boolean;
  /** gcp-metadata's `getGCPResidency()`: Cloud Run/Functions env variables, a Google BIOS, a Google MAC. */
  onGoogleCloud(): boolean;
}

/** The values gcp-metadata accepts for METADATA_SERVER_DETECTION. */
export const METADATA_SERVER_DETECTION = ['assume-present', 'none', 'bios-only', 'ping-only'] as const;

export function findAdcSource(probe: AdcProbe): AdcSource {
  const { env } = probe;
  const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  if (keyFile) return { kind: 'key-file', path: keyFile };
  const gcloud = gcloudAdcPath(env, probe.platform);
  if (gcloud !== undefined && probe.exists(gcloud)) return { kind: 'gcloud', path: gcloud };
  const detection = env.METADATA_SERVER_DETECTION?.trim().toLowerCase();
  if (detection) {
    switch (detection) {
      case 'assume-present':
        return { kind: 'metadata' };
      case 'none':
        return { kind: 'none' };
      case 'bios-only':
        return probe.onGoogleCloud() ? { kind: 'metadata' } : { kind: 'none' };
      case 'ping-only':
        return { kind: 'probe' };
      default:
        return { kind: 'invalid-detection', value: detection };
    }
  }
  if (probe.onGoogleCloud()) return { kind: 'metadata' };
  if (env.GCE_METADATA_HOST || env.GCE_METADATA_IP) return { kind: 'probe' };
  return { kind: 'none' };
}

/**
 * The file `gcloud auth application-default login` writes, where google-auth-library looks for it:
 * under CLOUDSDK_CONFIG when set, else `%APPDATA%\gcloud` on Windows, `~/.config/gcloud` elsewhere.
 */
export function gcloudAdcPath(env: Record<string, string | undefined>, platform: NodeJS.Platform): string | undefined {
  const FILE = 'application_default_credentials.json';
  if (env.CLOUDSDK_CONFIG) return join(env.CLOUDSDK_CONFIG, FILE);
  if (platform === 'win32') return env.APPDATA ? join(env.APPDATA, 'gcloud', FILE) : undefined;
  return env.HOME ? join(env.HOME, '.config', 'gcloud', FILE) : undefined;
}
