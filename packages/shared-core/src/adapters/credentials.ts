import { resolve } from 'node:path';

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
