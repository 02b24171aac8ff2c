/**
 * The HTTP(S) front of the simulated API server: authentication, API Priority and Fairness-like
 * in-flight limits, injected faults and latency, then routing to the resource handlers, watches,
 * or discovery. `/_sim/*` is the simulator's own control surface (stats, faults, guests): never
 * counted, never authenticated.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleApiRequest, type ApiContext } from './handlers.js';
import type { ServiceAccountTokens } from './authentication.js';
import { rbacAllows, type AccessAttributes, type Identity } from './authorization.js';
import { serveDiscovery } from '../discovery/index.js';
import { faultSchema, VERBS, type FaultSet, type RequestInfo, type Verb } from '../faults.js';
import type { SimResponse } from './http-types.js';
import type { InstalledGroups } from '../registry/installed-groups.js';
import { routeRequest, type ResourceRoute, type Route } from './router.js';
import type { StatsRecorder } from './stats.js';
import { forbidden, internalError, methodNotAllowed, requestEntityTooLarge, resourceNotFound, StatusError, unauthorized } from './status.js';
import type { WatchHub } from './watch.js';

/** kube-apiserver's request body limit. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface ServerOptions {
  readonly api: ApiContext;
  readonly faults: FaultSet;
  readonly stats: StatsRecorder;
  readonly watches: WatchHub;
  /** The API groups this instance serves (the cluster changes the set; routing and discovery read it). */
  readonly installedGroups: InstalledGroups;
  /** PEM key and certificate: serve HTTPS. */
  readonly tls?: { key: string; cert: string };
  /** Every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** The user name RBAC messages show for the token. */
  readonly user?: string;
  /** ServiceAccount tokens: a request carrying one is that account's, and RBAC decides what it may do. */
  readonly serviceAccounts: ServiceAccountTokens;
  /** Added to every counted request. */
  readonly latencyMs?: number;
  /** Global in-flight limit (watches excluded), answered with 429 beyond it. */
  readonly maxInFlight?: number;
  /** `GET /metrics`: what virt-handler exports, in the Prometheus text format (unauthenticated, like `/_sim/*`). */
  readonly metrics?: () => SimResponse;
  /** Extra `/_sim/*` routes (guest control) supplied by the cluster. */
  readonly admin?: (method: string, path: string, body: unknown) => SimResponse | undefined;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const statusResponse = (e: StatusError): SimResponse => json(e.code, e.status, e.headers);

/** APF and max-in-flight reject with plain text, not a Status (k8s.io/apiserver filters). */
const tooManyRequestsText = (retryAfterSeconds: number): SimResponse => ({
  status: 429,
  headers: {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Retry-After': String(retryAfterSeconds),
  },
  body: 'Too many requests, please try again later.\n',
});

const pageNotFound = (): SimResponse => ({
  status: 404,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  body: '404 page not found\n',
});

/** The verb, resource and object a request is about, for faults, stats and RBAC messages. */
/** A create names its object in the body; read the name so faults and the log can use it. */
const nameInBody = (body: Buffer): string | undefined => {
  try {
    const name = (JSON.parse(body.toString('utf8')) as { metadata?: { name?: unknown } }).metadata?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
};

const describe = (method: string, route: Route | undefined, pathname: string, query: URLSearchParams, body: Buffer): RequestInfo => {
  if (route?.kind === 'resource') {
    const watching = route.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
    const named = route.name !== undefined;
    const verbByMethod: Record<string, Verb> = {
      GET: watching ? 'watch' : named ? 'get' : 'list',
      POST: 'create',
      PUT: 'update',
      PATCH: 'patch',
      DELETE: named ? 'delete' : 'deletecollection',
    };
    const name = route.name ?? (method === 'POST' ? nameInBody(body) : undefined);
    return {
      verb: verbByMethod[method] ?? 'get',
      resource: route.resource.plural,
      ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  }
  const resource = pathname.startsWith('/openapi/')
    ? 'openapi'
    : /^\/(api|apis|version)(\/|$)/.test(pathname)
      ? 'discovery'
      : /^\/(healthz|livez|readyz)(\/|$)/.test(pathname)
        ? 'health'
        : 'unknown';
  return { verb: method === 'GET' ? 'get' : (VERBS.find((v) => v === method.toLowerCase()) ?? 'get'), resource };
};

/**
 * The request as RBAC sees it (kube's RequestInfo): a namespace's own URL is in that namespace, so
 * a RoleBinding there can grant reading it; a create's name is not part of it.
 */
const accessAttributes = (route: ResourceRoute, info: RequestInfo): AccessAttributes => {
  const ownNamespace = route.resource.plural === 'namespaces' && route.name !== undefined && route.namespace === undefined;
  const namespace = ownNamespace ? route.name : info.namespace;
  return {
    verb: info.verb,
    group: route.resource.group,
    resource: route.subresource !== undefined ? `${route.resource.plural}/${route.subresource}` : route.resource.plural,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(info.name !== undefined && info.verb !== 'create' ? { name: info.name } : {}),
  };
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw requestEntityTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** `Warning: 299 - "unknown field \"spec.foo\""`, one header per warning. */
const warningHeader = (text: string): string => `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export class SimServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private inFlight = 0;
  private peakInFlight = 0;
  private readonly inFlightByVerb = new Map<Verb, number>();

  constructor(private readonly opts: ServerOptions) {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.write(res, statusResponse(internalError(String(e))));
        else res.destroy();
      });
    };
    this.server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 30_000;
    this.server.on(opts.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Requests being handled now (watches excluded). */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** The most requests handled at once since the start or `resetPeakInFlight` (watches excluded). */
  get peakInFlightCount(): number {
    return this.peakInFlight;
  }

  resetPeakInFlight(): void {
    this.peakInFlight = this.inFlight;
  }

  /** Listens on 127.0.0.1; resolves to the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    return `${this.opts.tls ? 'https' : 'http'}://${host}:${address.port}`;
  }

  /** Closes every open watch and socket. */
  async close(): Promise<void> {
    this.opts.watches.closeAll();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private write(res: ServerResponse, response: SimResponse, warnings: readonly string[] = []): void {
    if (res.headersSent || res.destroyed) return;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    if (warnings.length > 0) res.setHeader('Warning', warnings.map(warningHeader));
    res.setHeader('Audit-Id', randomUUID());
    res.statusCode = response.status;
    res.end(response.body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_sim/')) {
      this.write(res, this.handleAdmin(method, url.pathname, await readBody(req)));
      return;
    }
    if (method === 'GET' && url.pathname === '/metrics' && this.opts.metrics) {
      this.write(res, this.opts.metrics());
      return;
    }
    const started = performance.now();
    const time = new Date().toISOString();
    const route = routeRequest(url.pathname, this.opts.installedGroups);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.write(res, statusResponse(e));
      return;
    }
    const info = describe(method, route, url.pathname, url.searchParams, body);
    let recorded = false;
    const record = (status: number): void => {
      if (recorded) return;
      recorded = true;
      this.opts.stats.record({
        time,
        method,
        url: req.url ?? '/',
        verb: info.verb,
        resource: info.resource,
        ...(info.namespace !== undefined ? { namespace: info.namespace } : {}),
        ...(info.name !== undefined ? { name: info.name } : {}),
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    };
    res.on('close', () => record(res.statusCode));

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const account = bearer !== undefined ? this.opts.serviceAccounts.identify(bearer) : undefined;
    const token = this.opts.token ?? this.opts.faults.requiredToken();
    if (account === 'revoked' || (account === undefined && token !== undefined && bearer !== token)) {
      this.write(res, statusResponse(unauthorized()));
      return;
    }
    // The administrator (the sim's own token, or none) is not subject to RBAC; only `deny` faults refuse it.
    const identity: Identity = account ?? this.adminIdentity(token !== undefined);
    const allows = (attrs: AccessAttributes): boolean =>
      !this.deniedByFault(attrs) && (account === undefined || rbacAllows(this.opts.api.store, account, attrs));

    const limited = info.verb === 'watch' ? undefined : this.overLimit(info.verb);
    if (limited !== undefined) {
      this.write(res, tooManyRequestsText(limited));
      return;
    }
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    this.inFlightByVerb.set(info.verb, (this.inFlightByVerb.get(info.verb) ?? 0) + 1);
    try {
      const delay = (this.opts.latencyMs ?? 0) + this.opts.faults.latencyMs(info);
      if (delay > 0) await sleep(delay);
      const attrs = route?.kind === 'resource' ? accessAttributes(route, info) : undefined;
      const refused = this.opts.faults.isDenied(info) || (account !== undefined && attrs !== undefined && !rbacAllows(this.opts.api.store, account, attrs));
      if (route?.kind === 'resource' && refused) {
        throw forbidden(route.resource, {
          verb: info.verb,
          user: identity.user,
          ...(attrs?.namespace !== undefined ? { namespace: attrs.namespace } : {}),
          ...(info.name !== undefined && info.verb !== 'create' ? { name: info.name } : {}),
        });
      }
      const injected = this.opts.faults.takeError(info);
      if (injected) throw injected;
      // A verb the resource does not serve (a list of SelfSubjectReviews) is 405, as on a real server.
      if (route?.kind === 'resource' && route.subresource === undefined && !route.resource.verbs.includes(info.verb)) {
        throw methodNotAllowed();
      }

      if (route?.kind === 'resource') {
        if (info.verb === 'watch') {
          const drop = this.opts.faults.takeWatchDrop(info);
          this.opts.watches.open(route, url.searchParams, res, drop);
          record(200); // a watch counts once, when it opens
          return;
        }
        const result = handleApiRequest(this.opts.api, {
          method,
          route,
          query: url.searchParams,
          contentType: req.headers['content-type'] ?? 'application/json',
          accept: req.headers.accept ?? 'application/json',
          body,
          requester: { ...identity, allows },
        });
        this.write(res, json(result.status, result.body), result.warnings);
        return;
      }
      if (route?.kind === 'unknown-resource') throw resourceNotFound();
      if (info.resource === 'health') {
        this.write(res, { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'ok' });
        return;
      }
      const discovered = serveDiscovery({
        method,
        path: url.pathname + url.search,
        accept: req.headers.accept ?? '',
        ifNoneMatch: req.headers['if-none-match'],
      }, this.opts.installedGroups);
      this.write(res, discovered ?? pageNotFound());
    } catch (e) {
      if (e instanceof StatusError) this.write(res, statusResponse(e));
      else throw e;
    } finally {
      this.inFlight -= 1;
      this.inFlightByVerb.set(info.verb, (this.inFlightByVerb.get(info.verb) ?? 1) - 1);
    }
  }

  private adminIdentity(authenticated: boolean): Identity {
    // kube-apiserver puts every authenticated user in system:authenticated; unauthenticated requests in system:unauthenticated.
    if (this.opts.user !== undefined || authenticated) return { user: this.opts.user ?? 'virtwork', groups: ['system:authenticated'] };
    return { user: 'system:anonymous', groups: ['system:unauthenticated'] };
  }

  /** A `deny` fault matching the request; verbs and resources the fault model cannot name are never denied. */
  private deniedByFault(attrs: AccessAttributes): boolean {
    const verb = VERBS.find((v) => v === attrs.verb);
    if (verb === undefined || attrs.resource === '') return false;
    return this.opts.faults.isDenied({
      verb,
      resource: attrs.resource,
      ...(attrs.namespace !== undefined ? { namespace: attrs.namespace } : {}),
      ...(attrs.name !== undefined ? { name: attrs.name } : {}),
    });
  }

  /** Retry-After seconds when a limit is exceeded, else undefined. */
  private overLimit(verb: Verb): number | undefined {
    if (this.opts.maxInFlight !== undefined && this.inFlight >= this.opts.maxInFlight) return 1;
    for (const limit of this.opts.faults.inFlightLimits(verb)) {
      const current = limit.verbs
        ? limit.verbs.reduce((n, v) => n + (this.inFlightByVerb.get(v) ?? 0), 0)
        : this.inFlight;
      if (current >= limit.limit) return limit.retryAfterSeconds;
    }
    return undefined;
  }

  private handleAdmin(method: string, path: string, raw: Buffer): SimResponse {
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch (e) {
      return json(400, { error: `invalid JSON: ${(e as Error).message}` });
    }
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /_sim/stats':
        return json(200, this.opts.stats.snapshot());
      case 'DELETE /_sim/stats':
        this.opts.stats.reset();
        return json(200, this.opts.stats.snapshot());
      case 'GET /_sim/requests':
        return json(200, this.opts.stats.requests());
      case 'GET /_sim/faults':
        return json(200, this.opts.faults.list());
      case 'DELETE /_sim/faults':
        this.opts.faults.clear();
        return json(200, []);
      case 'POST /_sim/faults': {
        const parsed = faultSchema.array().safeParse(Array.isArray(body) ? body : [body]);
        if (!parsed.success) return json(400, { error: parsed.error.message });
        return json(201, { ids: parsed.data.map((f) => this.opts.faults.add(f)) });
      }
    }
    return this.opts.admin?.(method, path, body) ?? json(404, { error: `no simulator endpoint ${key}` });
  }
}
