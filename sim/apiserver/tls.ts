/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost,
 * generated in-process (ECDSA P-256, pure JavaScript, no openssl), so kubeconfigs can carry
 * `certificate-authority-data` and clients verify the server as they would a real cluster.
 */
import { generate } from 'selfsigned';

export interface SimCertificates {
  /** PEM of the CA certificate: what a kubeconfig's certificate-authority-data holds. */
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

export const generateCertificates = async (): Promise<SimCertificates> => {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'virtwork-sim-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { caCert: ca.cert, serverCert: server.cert, serverKey: server.private };
};
