/** Small helpers for driving the simulator with the real client. */
import { ApiException, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Status } from '../../sim/apiserver/status.js';

export interface Rejection {
  code: number;
  /** The parsed Status body, or the raw text when the server sent no JSON. */
  body: Status | string;
  headers: Record<string, string>;
}

/** Awaits a client call that must fail and returns what the server answered. */
export const rejection = async (call: Promise<unknown>): Promise<Rejection> => {
  try {
    await call;
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    const raw = e.body as unknown;
    let body: Status | string = typeof raw === 'string' ? raw : JSON.stringify(raw);
    try {
      body = JSON.parse(body) as Status;
    } catch {
      // plain text (APF 429, 404 page not found)
    }
    return { code: e.code, body, headers: e.headers };
  }
  throw new Error('expected the call to fail, it succeeded');
};

export const clients = (kc: KubeConfig) => ({ core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi) });

export const VM_API = { group: 'kubevirt.io', version: 'v1', plural: 'virtualmachines' } as const;
export const VMI_API = { group: 'kubevirt.io', version: 'v1', plural: 'virtualmachineinstances' } as const;
export const DV_API = { group: 'cdi.kubevirt.io', version: 'v1beta1', plural: 'datavolumes' } as const;

export interface VmOptions {
  labels?: Record<string, string>;
  runStrategy?: string;
  /** Adds a blank DataVolume template named `<name>-data` and mounts it. */
  dataVolume?: boolean;
  /** true: an exec probe (run through the guest agent); or the probe's kind. */
  readinessProbe?: boolean | ProbeKind;
  userData?: string;
  /** A cloudInitNoCloud volume reading user data from this Secret. */
  cloudInitSecret?: string;
}

export type ProbeKind = 'exec' | 'httpGet' | 'tcpSocket' | 'guestAgentPing';

const PROBES: Record<ProbeKind, object> = {
  exec: { exec: { command: ['systemctl', 'is-active', 'virtwork-cpu'] }, periodSeconds: 10 },
  httpGet: { httpGet: { port: 8099, path: '/readyz' }, periodSeconds: 10 },
  tcpSocket: { tcpSocket: { port: 8099 }, periodSeconds: 10 },
  guestAgentPing: { guestAgentPing: {}, periodSeconds: 10 },
};

/** A minimal VirtualMachine the KubeVirt schema accepts. */
export const vmManifest = (name: string, opts: VmOptions = {}) => {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, labels },
    spec: {
      runStrategy: opts.runStrategy ?? 'Always',
      ...(opts.dataVolume
        ? {
            dataVolumeTemplates: [
              {
                metadata: { name: `${name}-data` },
                spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
              },
            ],
          }
        : {}),
      template: {
        metadata: { labels },
        spec: {
          domain: {
            devices: {
              disks: [
                { name: 'root', disk: { bus: 'virtio' } },
                ...(opts.dataVolume ? [{ name: 'data', disk: { bus: 'virtio' } }] : []),
                ...(opts.userData !== undefined || opts.cloudInitSecret !== undefined ? [{ name: 'cloudinit', disk: { bus: 'virtio' } }] : []),
              ],
              interfaces: [{ name: 'default', masquerade: {} }],
            },
            resources: { requests: { memory: '1Gi' } },
          },
          networks: [{ name: 'default', pod: {} }],
          ...(opts.readinessProbe ? { readinessProbe: PROBES[opts.readinessProbe === true ? 'exec' : opts.readinessProbe] } : {}),
          volumes: [
            { name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:42' } },
            ...(opts.dataVolume ? [{ name: 'data', dataVolume: { name: `${name}-data` } }] : []),
            ...(opts.userData !== undefined ? [{ name: 'cloudinit', cloudInitNoCloud: { userData: opts.userData } }] : []),
            ...(opts.cloudInitSecret !== undefined ? [{ name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: opts.cloudInitSecret } } }] : []),
          ],
        },
      },
    },
  };
};
