import { checkGoogleCredentials } from '@fakestore/shared-core';
import { GoogleAuth } from 'google-auth-library';
import { CLOUD_PLATFORM_SCOPE } from './endpoints.js';
import type { GcpRequest, GcpResponse, GcpTransport, TransportOptions } from './types.js';

type AuthClient = Awaited<ReturnType<GoogleAuth['getClient']>>;

/**
 * A `GcpTransport` on google-auth-library: a key file when given, otherwise Application
 * Default Credentials, with the cloud-platform scope. The client is made on first use, once
 * shared-core has found where ADC comes from without probing the metadata server: no ADC at all
 * is a CloudConfigError (exit 2, one line), not a MetadataLookupWarning and a library stack.
 */
export function createGoogleTransport(options: TransportOptions = {}): GcpTransport {
  const auth = new GoogleAuth({
    scopes: [CLOUD_PLATFORM_SCOPE],
    ...(options.keyFile === undefined ? {} : { keyFilename: options.keyFile }),
  });
  const timeout = options.timeoutMs ?? 30_000;
  let client: Promise<AuthClient> | undefined;
  const getClient = () =>
    (client ??= (async () => {
      // A copy of the environment: finding ADC must not change it for anyone else.
      if (options.keyFile === undefined) await checkGoogleCredentials({ env: { ...process.env }, verify: false });
      return auth.getClient();
    })());

  return {
    async authenticate() {
      const token = await (await getClient()).getAccessToken();
      if (!token.token) throw new Error('the credentials gave no access token');
    },
    async request(request: GcpRequest): Promise<GcpResponse> {
      const response = await (await getClient()).request({
        url: request.url,
        method: request.method,
        ...(request.body === undefined ? {} : { data: request.body }),
        timeout,
        // Statuses are answers to check, not failures: the caller reads them.
        validateStatus: () => true,
      });
      return { status: response.status, data: response.data };
    },
  };
}
