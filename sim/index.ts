/**
 * The typed test API of the simulated OpenShift Virtualization cluster:
 *
 *   const sim = await startSimCluster({ tls: true, token: 't0ken' });
 *   const kc = sim.kubeConfig();              // a @kubernetes/client-node KubeConfig
 *   sim.faults.add({ kind: 'error', match: { verb: 'create' }, status: 500, times: 1 });
 *   sim.guest('virtwork-cpu-0').passProbe();
 *   expect(sim.stats().byResource.virtualmachines?.create).toBe(1);
 *   await sim.stop();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { ApiContext } from './apiserver/handlers.js';
import { DEFAULT_BOOT_DELAYS, type BootDelays, type ControllerContext, type VolumeBindingMode } from './controllers/context.js';
import { CONTROLLERS } from './controllers/index.js';
import { Scheduler } from './controllers/scheduler.js';
import { prepareForWrite } from './apiserver/defaults.js';
import { FaultSet, type Fault } from './faults.js';
import { clusterInventory, CNV_NAMESPACE, type InventoryOptions, type OperatorState } from './inventory.js';
import { GuestRegistry, type GuestControl } from './controllers/guest.js';
import type { SimResponse } from './apiserver/http-types.js';
import { createRandom } from './random.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';
import { findByKind, RESOURCES, resourceOfKind, type ResourceType } from './registry/index.js';
import { allGroups } from './registry/installed-groups.js';
import { schemasDir } from './apiserver/schemas.js';
import { matchesLabels, parseLabelSelector } from './apiserver/selectors.js';
import { SimServer } from './apiserver/server.js';
import { ServiceAccountTokens } from './apiserver/authentication.js';
import { StatsRecorder, type RequestLogEntry, type SimStats } from './apiserver/stats.js';
import { Store, type KubeObject, type StoredObject } from './storage/store.js';
import { generateCertificates } from './apiserver/tls.js';
import { WatchHub } from './apiserver/watch.js';
import { EXPOSITION_CONTENT_TYPE } from './metrics/exposition.js';
import { VmiMetricsExporter } from './metrics/vmi-exporter.js';

export type { BootDelays, Fault, GuestControl, InventoryOptions, KubeObject, OperatorState, RequestLogEntry, SimStats, StoredObject, VolumeBindingMode };

/**
 * The cluster's inventory (Nodes, StorageClasses and StorageProfiles, the KubeVirt and CDI CRs,
 * see sim/inventory.ts) comes from the InventoryOptions, healthy by default.
 */
export interface SimClusterOptions extends InventoryOptions {
  /** Serve HTTPS with a generated CA (in the kubeconfig as certificate-authority-data). */
  tls?: boolean;
  /** Require `Authorization: Bearer <token>` on every API request (401 otherwise). */
  token?: string;
  /** The user name RBAC denials show. */
  user?: string;
  /** Fixed port; default a random free one on 127.0.0.1. */
  port?: number;
  /** Added to every API request. */
  latencyMs?: number;
  /** API Priority and Fairness-like limit of requests in flight (watches excluded): 429 beyond it. */
  maxInFlight?: number;
  /** Readiness probes pass this long after their VMI runs; default: only when a test says so. */
  readyAfterMs?: number | undefined;
  /** Lifecycle delays (milliseconds) and their jitter. */
  bootDelays?: Partial<BootDelays>;
  /** Default WaitForFirstConsumer: DataVolumes wait in PendingPopulation for their VMI. */
  volumeBindingMode?: VolumeBindingMode;
  /** The default StorageClass for virtualization, which PVCs that name none get. */
  storageClassName?: string;
  /** false: a Kubernetes 1.26-like server that serves no SelfSubjectReview (authentication.k8s.io). @default true */
  selfSubjectReview?: boolean;
  /** Change events kept for watch resume (older resourceVersions are 410 Expired). */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 1 s). */
  bookmarkIntervalMs?: number;
  /** Seed of the random source (fault fractions, jitter, names). */
  seed?: number;
  /** Namespaces to create at start, besides default, kube-system, kube-public, kube-node-lease. */
  namespaces?: string[];
  /** Where the KubeVirt/CDI/Kubernetes schemas are (default `$VIRTWORK_SCHEMAS_DIR` or ../shared/schemas). */
  schemasDir?: string;
}

export interface SimFaults {
  /** Adds a fault; returns its id. */
  add(fault: Fault): number;
  remove(id: number): void;
  clear(): void;
  list(): Fault[];
}

export interface SimCluster {
  /** `http://127.0.0.1:<port>` or `https://...`. */
  readonly url: string;
  /** A kubeconfig written for this cluster (removed by `stop`). */
  readonly kubeconfigPath: string;
  readonly token: string | undefined;
  /** PEM of the CA when serving TLS. */
  readonly caCert: string | undefined;
  writeKubeconfig(file: string, namespace?: string): Promise<void>;
  /** A @kubernetes/client-node KubeConfig pointing at this cluster. */
  kubeConfig(): KubeConfig;
  readonly faults: SimFaults;
  stats(): SimStats;
  requests(): RequestLogEntry[];
  resetStats(): void;
  /** API requests being handled right now (watches excluded). */
  inFlight(): number;
  /** The most API requests handled at once since the start or the last `resetStats` (watches excluded). */
  peakInFlight(): number;
  /** The simulated etcd, for assertions; write through `seed` or the API. */
  readonly store: Store;
  /** Stores an object as given (status included), bypassing the API; controllers react to it. */
  seed(obj: KubeObject): StoredObject;
  /** One object by URL plural (`virtualmachines`), or undefined. */
  get(plural: string, namespace: string | undefined, name: string): StoredObject | undefined;
  /** Objects by URL plural, optionally in one namespace and matching a label selector. */
  list(plural: string, namespace?: string, labelSelector?: string): StoredObject[];
  /** The simulated guest of a VM (in `namespace`, or of that name in every namespace). */
  guest(vmName: string, namespace?: string): GuestControl;
  /**
   * A bearer token for a ServiceAccount that exists, as TokenRequest mints it: requests carrying it
   * are `system:serviceaccount:<ns>:<name>`'s, and RBAC decides what they may do.
   */
  serviceAccountToken(namespace: string, name: string): string;
  /** Uninstalls an API group (a cluster without KubeVirt): routing and discovery stop serving it. */
  removeApiGroup(group: string): void;
  restoreApiGroup(group: string): void;
  /** Closes every watch and socket and stops the controllers. */
  stop(): Promise<void>;
}

const NAMESPACES = resourceOfKind('Namespace');
const BASE_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', CNV_NAMESPACE];

const resourceByPlural = (plural: string): ResourceType => {
  const r = RESOURCES.find((x) => x.plural === plural);
  if (!r) throw new Error(`unknown resource "${plural}"; one of ${RESOURCES.map((x) => x.plural).join(', ')}`);
  return r;
};

/** Stores an object as given, status included, bypassing the API. */
const seedObject = (store: Store, obj: KubeObject): StoredObject => {
  const r = findByKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!r) throw new Error(`the simulator serves no ${obj.apiVersion}/${obj.kind}`);
  return store.create(r, obj);
};

export const startSimCluster = async (opts: SimClusterOptions = {}): Promise<SimCluster> => {
  const random = createRandom(opts.seed);
  const store = new Store({ ...(opts.historyLimit !== undefined ? { historyLimit: opts.historyLimit } : {}) });
  const faults = new FaultSet(random);
  const stats = new StatsRecorder();
  const guests = new GuestRegistry();
  const scheduler = new Scheduler();
  const installedGroups = allGroups();
  if (opts.selfSubjectReview === false) installedGroups.delete('authentication.k8s.io');
  const watches = new WatchHub(store, { bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 1000 });
  const api: ApiContext = { store, random, faults, schemasDir: opts.schemasDir ?? schemasDir() };

  const ctx: ControllerContext = {
    store,
    scheduler,
    random,
    faults,
    guests,
    delays: { ...DEFAULT_BOOT_DELAYS, ...opts.bootDelays },
    readyAfterMs: opts.readyAfterMs,
    volumeBindingMode: opts.volumeBindingMode ?? 'WaitForFirstConsumer',
    storageClassName: opts.storageClassName ?? 'ocs-storagecluster-ceph-rbd-virtualization',
  };
  // Started before anything is stored, so they see the namespaces and the inventory arrive.
  const controllers = CONTROLLERS.map((make) => make(ctx));
  for (const c of controllers) c.start();

  for (const name of [...BASE_NAMESPACES, ...(opts.namespaces ?? [])]) {
    store.create(NAMESPACES, prepareForWrite(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, random));
  }
  for (const obj of clusterInventory(opts, { virtStorageClass: ctx.storageClassName })) seedObject(store, obj);

  const certs = opts.tls ? await generateCertificates() : undefined;
  const serviceAccounts = new ServiceAccountTokens(store);
  const admin = (method: string, urlPath: string): SimResponse | undefined => {
    const sa = /^\/_sim\/serviceaccounts\/([^/]+)\/([^/]+)\/token$/.exec(urlPath);
    if (method === 'POST' && sa) {
      const token = serviceAccounts.mint(sa[1]!, sa[2]!);
      return token === undefined
        ? { status: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: `serviceaccount ${sa[1]}/${sa[2]} not found` }) }
        : { status: 201, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) };
    }
    const m = /^\/_sim\/guests\/([^/]+)\/([^/]+)\/(pass-probe|fail-probe)$/.exec(urlPath);
    if (method !== 'POST' || !m) return undefined;
    guests.set(m[1] === '*' ? undefined : m[1], m[2]!, m[3] === 'pass-probe');
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
  };
  const exporter = new VmiMetricsExporter(store, faults);
  const server = new SimServer({
    api,
    metrics: () => ({ status: 200, headers: { 'Content-Type': EXPOSITION_CONTENT_TYPE }, body: exporter.scrape() }),
    faults,
    stats,
    watches,
    installedGroups,
    serviceAccounts,
    admin,
    ...(certs ? { tls: { key: certs.serverKey, cert: certs.serverCert } } : {}),
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.user !== undefined ? { user: opts.user } : {}),
    ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
    ...(opts.maxInFlight !== undefined ? { maxInFlight: opts.maxInFlight } : {}),
  });
  const url = await server.listen(opts.port ?? 0);
  const kubeconfigInput = { server: url, ...(certs ? { caCert: certs.caCert } : {}), ...(opts.token ? { token: opts.token } : {}) };
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-sim-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfigPath, kubeconfigInput);

  return {
    url,
    kubeconfigPath,
    token: opts.token,
    caCert: certs?.caCert,
    writeKubeconfig: (file, namespace) => writeKubeconfig(file, { ...kubeconfigInput, ...(namespace ? { namespace } : {}) }),
    kubeConfig: () => {
      const kc = new KubeConfig();
      kc.loadFromString(renderKubeconfig(kubeconfigInput));
      return kc;
    },
    faults: {
      add: (fault) => faults.add(fault),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    stats: () => stats.snapshot(),
    requests: () => stats.requests(),
    resetStats: () => {
      stats.reset();
      server.resetPeakInFlight();
    },
    inFlight: () => server.inFlightCount,
    peakInFlight: () => server.peakInFlightCount,
    store,
    seed: (obj) => seedObject(store, obj),
    get: (plural, namespace, name) => store.get(resourceByPlural(plural), namespace, name),
    list: (plural, namespace, labelSelector) => {
      const selector = parseLabelSelector(labelSelector);
      return store.list(resourceByPlural(plural), namespace).filter((o) => matchesLabels(selector, o.metadata.labels));
    },
    guest: (vmName, namespace) => guests.control(namespace, vmName),
    serviceAccountToken: (namespace, name) => {
      const token = serviceAccounts.mint(namespace, name);
      if (token === undefined) throw new Error(`serviceaccount ${namespace}/${name} not found: create it before asking for its token`);
      return token;
    },
    removeApiGroup: (group) => {
      if (group !== '') installedGroups.delete(group);
    },
    restoreApiGroup: (group) => {
      if (RESOURCES.some((r) => r.group === group)) installedGroups.add(group);
    },
    stop: async () => {
      scheduler.stop();
      for (const c of controllers) c.stop();
      watches.stop();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

