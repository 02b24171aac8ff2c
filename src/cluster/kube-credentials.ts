/**
 * The bearer token and CA the selected kubeconfig context uses, for services behind the cluster's
 * OAuth (thanos-querier): whatever the context's auth gives (a token, a token file, an exec
 * plugin), as the client itself applies it.
 */
import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeCredentials {
  readonly token?: string;
  /** PEM of the cluster's CA, when the kubeconfig names one. */
  readonly ca?: string;
}

export const kubeCredentials = async (kc: KubeConfig): Promise<KubeCredentials> => {
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const headers = (options.headers ?? {}) as Record<string, unknown>;
  const authorization = typeof headers['Authorization'] === 'string' ? headers['Authorization'] : undefined;
  const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
  const ca = options.ca === undefined ? undefined : Buffer.isBuffer(options.ca) ? options.ca.toString('utf8') : typeof options.ca === 'string' ? options.ca : undefined;
  return { ...(token !== undefined && { token }), ...(ca !== undefined && { ca }) };
};
