/**
 * The API clients of one run, built once from the selected kubeconfig context. Auth (token, client
 * certificate, exec and OIDC plugins) and TLS come from @kubernetes/client-node unchanged.
 */
import {
  ApisApi,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Observable,
  ServerConfiguration,
  StorageV1Api,
  VersionApi,
  Watch,
  createConfiguration,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { loadKubeconfig, type KubeconfigLocation, type KubeconfigOptions, type LoadedKubeconfig } from './kubeconfig.js';

export interface ClusterClient {
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  /** API server URL, for messages. */
  readonly server: string;
  /** Where the kubeconfig came from (flag, variable, default path, in-cluster), for the audit trail. */
  readonly location: KubeconfigLocation;
  readonly core: CoreV1Api;
  readonly customObjects: CustomObjectsApi;
  readonly apis: ApisApi;
  readonly version: VersionApi;
  readonly storage: StorageV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly watch: Watch;
  /** Cuts the pooled connections, idle or still opening, so the process can exit at once. */
  close(): Promise<void>;
}

const USER_AGENT = 'virtwork (kubernetes-client-javascript)';

/** Loads the kubeconfig chain (see kubeconfig.ts) and builds the clients. Makes no request. */
export const connectCluster = (options: KubeconfigOptions = {}): ClusterClient =>
  createClusterClient(loadKubeconfig(options));

export const createClusterClient = (loaded: LoadedKubeconfig): ClusterClient => {
  const pool = reuseDispatcher();
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(loaded.server, {}),
    authMethods: { default: loaded.kubeConfig },
    middleware: [setUserAgent(), pool.middleware],
  });
  return {
    kubeConfig: loaded.kubeConfig,
    contextName: loaded.contextName,
    server: loaded.server,
    location: loaded.location,
    core: new CoreV1Api(configuration),
    customObjects: new CustomObjectsApi(configuration),
    apis: new ApisApi(configuration),
    version: new VersionApi(configuration),
    storage: new StorageV1Api(configuration),
    authorization: new AuthorizationV1Api(configuration),
    watch: new Watch(loaded.kubeConfig),
    close: pool.close,
  };
};

const passThrough = <T>(value: T): Observable<T> => new Observable(Promise.resolve(value));

const setUserAgent = (): ObservableMiddleware => ({
  pre: (request: RequestContext) => {
    request.setHeaderParam('User-Agent', USER_AGENT);
    return passThrough(request);
  },
  post: (response: ResponseContext) => passThrough(response),
});

/**
 * client-node 2.0 builds a new undici Agent for every request to a TLS cluster with a CA or client
 * certificate, so each of a run's thousands of requests would open its own TLS connection and
 * leave it open. The first request's dispatcher (built from the same kubeconfig options) is kept
 * and handed to every later request, so requests share one keep-alive pool.
 */
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

const reuseDispatcher = (): { middleware: ObservableMiddleware; close: () => Promise<void> } => {
  let shared: Dispatcher | undefined;
  return {
    middleware: {
      pre: (request: RequestContext) => {
        const own = request.getDispatcher();
        if (own !== undefined) {
          shared ??= own;
          request.setDispatcher(shared);
        }
        return passThrough(request);
      },
      post: (response: ResponseContext) => passThrough(response),
    },
    // destroy, not close: close waits for connections still opening (a server that accepts TCP and
    // never answers TLS held an interrupted command for the connect timeout, tens of seconds). When
    // a command ends, every request it cares about has ended too.
    close: async () => {
      await shared?.destroy();
    },
  };
};
