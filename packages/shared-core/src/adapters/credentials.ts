import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CloudConfigError } from '../errors.js';
import { type AdcSource, METADATA_SERVER_DETECTION, findAdcSource } from '../gcp/adc-source.js';
import { type CredentialsOrigin, KEY_FILE_FIX, RELOGIN, classifyCloudError, isConfigurationFault, noCredentials } from '../gcp/classify-fault.js';
import { readCredentialsFile } from '../key-file.js';
import { withDeadline } from './_google.js';

/**
 * Points Application Default Credentials at a service-account key file (made absolute, so a later
 * chdir cannot break it). The Google clients then find the key on their own: their `keyFilename`
 * option is deprecated in google-auth-library 11 (the Pub/Sub client's) and prints a warning on
 * stderr for every client made, while the ADC path reads the same file silently. No file: ADC
 * stays as the environment set it (gcloud's user credentials, the metadata server).
 */
export function useKeyFileForAdc(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (keyFile) env.GOOGLE_APPLICATION_CREDENTIALS = resolve(keyFile);
}

/** The credentials a tool will use, found and checked. */
export interface GoogleCredentials {
  origin: CredentialsOrigin;
  /** Whose they are, when known: a service account's email. Not known for gcloud user credentials. */
  principal?: string;
  /** Whether Google accepted them (a token was issued); false when Google could not be reached to ask. */
  verified: boolean;
}

export interface CredentialsCheckOptions {
  /** The key file of the tool's config (--credentials / GOOGLE_APPLICATION_CREDENTIALS / .env); the clients get it too. */
  keyFile?: string;
  /** Default `process.env`; GOOGLE_APPLICATION_CREDENTIALS is set in it when `keyFile` is given. */
  env?: NodeJS.ProcessEnv;
  /** The tool's way around missing credentials, ending the line: `or pass --local-only to write the local lake only`. */
  alternative?: string;
  /** Bound of the token request. Default 15000. */
  timeoutMs?: number;
  /** Ask Google for a token, so revoked or deleted credentials fail now (exit 2). Default true. */
  verify?: boolean;
  /** Replaces gcp-metadata's residency check (tests). */
  onGoogleCloud?: () => boolean;
}

/**
 * Finds and checks the credentials before a tool writes anything, so a missing or broken one is a
 * configuration error (exit 2, one line saying what to do) and never a stack trace, a
 * MetadataLookupWarning or an outage found halfway through a run:
 *
 * 1. where ADC comes from ({@link findAdcSource}: no network; the metadata server is not probed
 *    unless the environment says so);
 * 2. the key file, or gcloud's file, is a usable credentials file;
 * 3. Google issues a token (`verify`): a revoked, expired or deleted credential is refused here.
 *    When Google cannot be reached the check passes unverified: an outage is the run's to handle.
 *
 * Throws `CloudConfigError`.
 */
export async function checkGoogleCredentials(options: CredentialsCheckOptions = {}): Promise<GoogleCredentials> {
  const env = options.env ?? process.env;
  useKeyFileForAdc(options.keyFile, env);
  const onGoogleCloud = options.onGoogleCloud ?? (await residencyCheck());
  const source = findAdcSource({ env, platform: process.platform, exists: existsSync, onGoogleCloud });
  const found = originOf(source, options.alternative);
  if (options.verify === false) return { ...found, verified: false };
  return verify(found, options.timeoutMs ?? 15_000, options.alternative);
}

/**
 * Checks a key file the config names, when the tool will not look for credentials otherwise (its
 * endpoints are emulators): a file someone asked for must be a usable one. Returns whose it is.
 * Throws `CloudConfigError`.
 */
export function checkKeyFile(path: string): string | undefined {
  const reading = readCredentialsFile(path);
  if ('problem' in reading) {
    throw new CloudConfigError(
      `the key file ${path} (--credentials / GOOGLE_APPLICATION_CREDENTIALS): ${reading.problem}; ` +
        `point it at a service-account JSON key (gcloud iam service-accounts keys create FILE --iam-account SA_EMAIL), or unset it and ${RELOGIN}`,
      { kind: 'key-file' },
    );
  }
  return reading.principal;
}

/**
 * Where the credentials in use come from, as far as files tell (a key file, gcloud's file), for the
 * fix of a refusal; `undefined` otherwise (the metadata server, or none). No network, no residency check.
 */
export function credentialsOrigin(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): CredentialsOrigin | undefined {
  if (keyFile) return { kind: 'key-file', path: resolve(keyFile) };
  const source = findAdcSource({ env, platform: process.platform, exists: existsSync, onGoogleCloud: () => false });
  return source.kind === 'key-file' || source.kind === 'gcloud' ? { kind: source.kind, path: source.path } : undefined;
}

/** The origin and principal of a source, or the CloudConfigError that says why it cannot be used. */
function originOf(source: AdcSource, alternative: string | undefined): Omit<GoogleCredentials, 'verified'> {
  switch (source.kind) {
    case 'none': {
      const line = noCredentials().line;
      throw new CloudConfigError(alternative ? `${line}, ${alternative}` : line, { kind: 'no-credentials' });
    }
    case 'invalid-detection':
      throw new CloudConfigError(
        `METADATA_SERVER_DETECTION is "${source.value}": use one of ${METADATA_SERVER_DETECTION.join(', ')}, or unset it`,
        { kind: 'no-credentials' },
      );
    case 'key-file': {
      const principal = checkKeyFile(source.path);
      return { origin: { kind: 'key-file', path: source.path }, ...(principal && { principal }) };
    }
    case 'gcloud': {
      const reading = readCredentialsFile(source.path);
      if ('problem' in reading) {
        throw new CloudConfigError(`the gcloud credentials file ${source.path}: ${reading.problem}; ${RELOGIN} to write it again, or ${KEY_FILE_FIX}`, {
          kind: 'key-file',
        });
      }
      return { origin: { kind: 'gcloud', path: source.path }, ...(reading.principal && { principal: reading.principal }) };
    }
    case 'metadata':
    case 'probe':
      return { origin: { kind: 'metadata' } };
  }
}

/** Asks Google for a token (and, on Google Cloud, whose it is). */
async function verify(found: Omit<GoogleCredentials, 'verified'>, timeoutMs: number, alternative: string | undefined): Promise<GoogleCredentials> {
  const { GoogleAuth } = await import('google-auth-library');
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  let principal = found.principal;
  try {
    await withDeadline(auth.getAccessToken(), timeoutMs);
    if (principal === undefined && found.origin.kind === 'metadata') {
      principal = (await withDeadline(auth.getCredentials(), timeoutMs)).client_email ?? undefined;
    }
  } catch (error) {
    const fault = classifyCloudError(error, { credentials: found.origin, ...(principal && { principal }) });
    if (!isConfigurationFault(fault)) return { ...found, verified: false };
    // No credentials after all (the metadata server did not answer): the tool's way around them too.
    const line = fault.kind === 'no-credentials' && alternative ? `${fault.line}, ${alternative}` : fault.line;
    throw new CloudConfigError(line, { kind: fault.kind, cause: error });
  }
  return { origin: found.origin, ...(principal && { principal }), verified: true };
}

/** gcp-metadata's residency check (environment, BIOS, MAC address: no network), loaded on use. */
async function residencyCheck(): Promise<() => boolean> {
  const { getGCPResidency } = await import('gcp-metadata');
  return () => getGCPResidency();
}
