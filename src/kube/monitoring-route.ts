/**
 * Where OpenShift's cluster monitoring answers PromQL: the `thanos-querier` Route in
 * `openshift-monitoring` (route.openshift.io/v1), which queries every Prometheus of the cluster.
 */
import { EnvironmentError } from '../errors.js';
import { callApi, type ApiContext } from './api.js';
import { isApiStatus } from './api-errors.js';

export const MONITORING_NAMESPACE = 'openshift-monitoring';
export const THANOS_QUERIER_ROUTE = 'thanos-querier';

interface Route {
  spec?: { host?: string; tls?: unknown };
}

/** `https://<host>` of the thanos-querier Route; an EnvironmentError (exit 2) when there is none. */
export const thanosQuerierUrl = async (api: ApiContext): Promise<string> => {
  let route: Route;
  try {
    route = await callApi(api, { verb: 'get', resource: 'routes.route.openshift.io', namespace: MONITORING_NAMESPACE, name: THANOS_QUERIER_ROUTE }, (options) =>
      api.cluster.customObjects.getNamespacedCustomObject(
        { group: 'route.openshift.io', version: 'v1', namespace: MONITORING_NAMESPACE, plural: 'routes', name: THANOS_QUERIER_ROUTE },
        options,
      ) as Promise<Route>,
    );
  } catch (error) {
    if (isApiStatus(error, 404)) {
      throw new EnvironmentError(
        `the cluster at ${api.cluster.server} has no Route ${THANOS_QUERIER_ROUTE} in ${MONITORING_NAMESPACE} (not OpenShift, or its monitoring is off): ` +
          'pass --prometheus-url',
        { cause: error },
      );
    }
    throw error;
  }
  const host = route.spec?.host;
  if (!host) throw new EnvironmentError(`the Route ${MONITORING_NAMESPACE}/${THANOS_QUERIER_ROUTE} has no spec.host yet: pass --prometheus-url`);
  return `${route.spec?.tls === undefined ? 'http' : 'https'}://${host}`;
};
