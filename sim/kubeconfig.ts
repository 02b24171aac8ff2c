/** A kubeconfig for the simulator: plain HTTP, or HTTPS with the CA inline; a bearer token when set. */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  readonly server: string;
  /** PEM of the CA that signed the server certificate (HTTPS only). */
  readonly caCert?: string;
  readonly token?: string;
  /** Default namespace of the context. */
  readonly namespace?: string;
}

export const CONTEXT_NAME = 'virtwork-sim';

export const renderKubeconfig = (input: KubeconfigInput): string =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CONTEXT_NAME,
        cluster: {
          server: input.server,
          // client-node refuses plain http unless TLS verification is declared off.
          ...(input.caCert
            ? { 'certificate-authority-data': Buffer.from(input.caCert).toString('base64') }
            : { 'insecure-skip-tls-verify': true }),
        },
      },
    ],
    users: [{ name: CONTEXT_NAME, user: input.token ? { token: input.token } : {} }],
    contexts: [
      {
        name: CONTEXT_NAME,
        context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, ...(input.namespace ? { namespace: input.namespace } : {}) },
      },
    ],
    'current-context': CONTEXT_NAME,
    preferences: {},
  });

export const writeKubeconfig = async (file: string, input: KubeconfigInput): Promise<void> => {
  await writeFile(file, renderKubeconfig(input), { mode: 0o600 });
};
