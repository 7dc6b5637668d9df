import { describe, expect, it } from 'vitest';
import { type AdcProbe, findAdcSource, gcloudAdcPath } from './adc-source.js';

const GCLOUD = '/home/me/.config/gcloud/application_default_credentials.json';

function probe(env: Record<string, string>, options: { files?: string[]; onGoogleCloud?: boolean } = {}): AdcProbe {
  return {
    env: { HOME: '/home/me', ...env },
    platform: 'linux',
    exists: (path) => (options.files ?? []).includes(path),
    onGoogleCloud: () => options.onGoogleCloud ?? false,
  };
}

describe('findAdcSource (no network: it decides whether asking the metadata server is worth it)', () => {
  it('given GOOGLE_APPLICATION_CREDENTIALS, then that key file, even when gcloud\'s file exists', () => {
    expect(findAdcSource(probe({ GOOGLE_APPLICATION_CREDENTIALS: '/k/sa.json' }, { files: [GCLOUD] }))).toEqual({ kind: 'key-file', path: '/k/sa.json' });
  });

  it('given gcloud\'s application-default file, then gcloud', () => {
    expect(findAdcSource(probe({}, { files: [GCLOUD] }))).toEqual({ kind: 'gcloud', path: GCLOUD });
  });

  it('given nothing on a laptop, then none: the caller stops before the library pings 169.254.169.254', () => {
    expect(findAdcSource(probe({}))).toEqual({ kind: 'none' });
  });

  it('given Google Cloud (Cloud Run, GCE), then the metadata server', () => {
    expect(findAdcSource(probe({}, { onGoogleCloud: true }))).toEqual({ kind: 'metadata' });
  });

  it.each([
    ['assume-present', { kind: 'metadata' }],
    ['none', { kind: 'none' }],
    ['ping-only', { kind: 'probe' }],
    ['bios-only', { kind: 'none' }],
    ['NONE', { kind: 'none' }],
    ['sometimes', { kind: 'invalid-detection', value: 'sometimes' }],
  ])('given METADATA_SERVER_DETECTION=%s, then %o', (value, expected) => {
    expect(findAdcSource(probe({ METADATA_SERVER_DETECTION: value }))).toEqual(expected);
  });

  it('given METADATA_SERVER_DETECTION=none on Google Cloud, then none all the same', () => {
    expect(findAdcSource(probe({ METADATA_SERVER_DETECTION: 'none' }, { onGoogleCloud: true }))).toEqual({ kind: 'none' });
  });

  it('given a metadata host set by hand (GCE_METADATA_HOST), then probe: only asking can tell', () => {
    expect(findAdcSource(probe({ GCE_METADATA_HOST: '127.0.0.1:9' }))).toEqual({ kind: 'probe' });
  });
});

describe('gcloudAdcPath', () => {
  it('is under CLOUDSDK_CONFIG when set, %APPDATA%\\gcloud on Windows, ~/.config/gcloud elsewhere', () => {
    expect(gcloudAdcPath({ CLOUDSDK_CONFIG: '/cfg', HOME: '/h' }, 'linux')).toBe('/cfg/application_default_credentials.json');
    expect(gcloudAdcPath({ HOME: '/h' }, 'linux')).toBe('/h/.config/gcloud/application_default_credentials.json');
    expect(gcloudAdcPath({ APPDATA: 'C:/Users/me/AppData/Roaming' }, 'win32')).toMatch(/AppData[\\/]Roaming[\\/]gcloud[\\/]application_default_credentials\.json$/);
    expect(gcloudAdcPath({}, 'linux')).toBeUndefined();
  });
});
