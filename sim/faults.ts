/**
 * The typed fault model: plain JSON data, so tests pass it in-process (`sim.faults.add`) and
 * developers POST it to a standalone simulator (`POST /_sim/faults`). The zod schema is the
 * single definition of the model.
 */
import { z } from 'zod';
import type { Random } from './random.js';
import { customFailure, type StatusError, tooManyRequests, internalError } from './apiserver/status.js';

export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
export type Verb = (typeof VERBS)[number];

const verbs = z.union([z.enum(VERBS), z.array(z.enum(VERBS))]);

/** Which requests a fault applies to; every given field must match, absent fields match all. */
const requestMatch = z.strictObject({
  verb: verbs.optional(),
  /** The URL plural (`virtualmachines`), or `discovery` / `openapi`. */
  resource: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
});

export const faultSchema = z.discriminatedUnion('kind', [
  /** Fail matching requests with this status: the next `times`, or a `fraction` of them, or all. */
  z.strictObject({
    kind: z.literal('error'),
    match: requestMatch.optional(),
    status: z.number().int().min(400).max(599),
    reason: z.string().optional(),
    message: z.string().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    times: z.number().int().min(1).optional(),
    fraction: z.number().min(0).max(1).optional(),
  }),
  /** Delay matching requests before they are handled. */
  z.strictObject({
    kind: z.literal('latency'),
    match: requestMatch.optional(),
    ms: z.number().min(0),
    jitterMs: z.number().min(0).optional(),
  }),
  /**
   * Like API Priority and Fairness: beyond `limit` requests in flight (of the given verbs, or
   * all), answer 429 with Retry-After. Watches are long-running and never count.
   */
  z.strictObject({
    kind: z.literal('maxInFlight'),
    limit: z.number().int().min(0),
    verb: verbs.optional(),
    retryAfterSeconds: z.number().int().min(1).optional(),
  }),
  /** Close matching watch streams after `afterEvents` events or `afterMs`; the next `times` watches, or all. */
  z.strictObject({
    kind: z.literal('dropWatch'),
    match: requestMatch.optional(),
    afterEvents: z.number().int().min(0).optional(),
    afterMs: z.number().min(0).optional(),
    times: z.number().int().min(1).optional(),
  }),
  /** An RBAC rule the caller lacks: matching requests get 403 Forbidden with the real message. */
  z.strictObject({
    kind: z.literal('deny'),
    match: requestMatch.optional(),
  }),
  /** Every request must carry `Authorization: Bearer <token>`, else 401. */
  z.strictObject({
    kind: z.literal('requireToken'),
    token: z.string().min(1),
  }),
  /**
   * One VM's guest: never Ready, Failed (with a VMI status.reason), a slow boot, or a guest agent
   * that never connects (no AgentConnected, so exec and guestAgentPing probes never pass), or a
   * workload that stopped moving (`stalledLoad`: the VM stays Ready, its metrics stay flat).
   */
  z.strictObject({
    kind: z.literal('vm'),
    name: z.string(),
    namespace: z.string().optional(),
    behaviour: z.enum(['neverReady', 'fail', 'slowBoot', 'noGuestAgent', 'stalledLoad']),
    /** `fail`: the VMI's status.reason (NodeUnresponsive by default). */
    reason: z.string().optional(),
    /** `slowBoot`: extra milliseconds before the guest runs. */
    delayMs: z.number().min(0).optional(),
  }),
]);

export type Fault = z.infer<typeof faultSchema>;
export type VmFault = Extract<Fault, { kind: 'vm' }>;
export type RequestMatch = z.infer<typeof requestMatch>;

/** What the server knows about a request when it consults the faults. */
export interface RequestInfo {
  verb: Verb;
  resource: string;
  namespace?: string;
  name?: string;
}

const asList = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

export const matchesRequest = (match: RequestMatch | undefined, req: RequestInfo): boolean => {
  if (!match) return true;
  const verbList = asList(match.verb);
  return (
    (verbList === undefined || verbList.includes(req.verb)) &&
    (match.resource === undefined || match.resource === req.resource) &&
    (match.namespace === undefined || match.namespace === req.namespace) &&
    (match.name === undefined || match.name === req.name)
  );
};

const DEFAULT_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  ServiceUnavailable: 'the server is currently unable to handle the request',
  Timeout: 'the server was unable to return a response in the time allotted, but may still be processing the request',
  Unauthorized: 'Unauthorized',
};

/** The Status an error fault answers with. */
export const faultError = (fault: Extract<Fault, { kind: 'error' }>): StatusError => {
  const reason = fault.reason ?? DEFAULT_REASONS[fault.status] ?? 'Unknown';
  const message = fault.message ?? DEFAULT_MESSAGES[reason] ?? 'injected fault';
  if (reason === 'InternalError' && fault.status === 500 && fault.retryAfterSeconds === undefined) return internalError(message);
  if (reason === 'TooManyRequests' && fault.status === 429) return tooManyRequests(message, fault.retryAfterSeconds ?? 1);
  return customFailure(fault.status, reason, message, fault.retryAfterSeconds);
};

interface Entry {
  readonly id: number;
  readonly fault: Fault;
  /** Remaining uses for `times`-limited faults. */
  remaining?: number;
}

/** The faults in force on one simulator. */
export class FaultSet {
  private entries: Entry[] = [];
  private nextId = 1;

  constructor(private readonly random: Random) {}

  /** Adds a fault (validated against the model); returns its id for `remove`. */
  add(input: Fault): number {
    const fault = faultSchema.parse(input);
    const id = this.nextId++;
    const remaining = 'times' in fault ? fault.times : undefined;
    this.entries.push({ id, fault, ...(remaining !== undefined ? { remaining } : {}) });
    return id;
  }

  remove(id: number): void {
    this.entries = this.entries.filter((e) => e.id !== id);
  }

  clear(): void {
    this.entries = [];
  }

  list(): Fault[] {
    return this.entries.map((e) => e.fault);
  }

  requiredToken(): string | undefined {
    for (const e of this.entries) if (e.fault.kind === 'requireToken') return e.fault.token;
    return undefined;
  }

  isDenied(req: RequestInfo): boolean {
    return this.entries.some((e) => e.fault.kind === 'deny' && matchesRequest(e.fault.match, req));
  }

  /** Sum of matching latencies, with jitter. */
  latencyMs(req: RequestInfo): number {
    let total = 0;
    for (const e of this.entries) {
      if (e.fault.kind !== 'latency' || !matchesRequest(e.fault.match, req)) continue;
      total += e.fault.ms + (e.fault.jitterMs ? this.random.next() * e.fault.jitterMs : 0);
    }
    return total;
  }

  /** The in-flight limits that apply to a request's verb. */
  inFlightLimits(verb: Verb): { limit: number; retryAfterSeconds: number; verbs?: Verb[] }[] {
    const out: { limit: number; retryAfterSeconds: number; verbs?: Verb[] }[] = [];
    for (const e of this.entries) {
      if (e.fault.kind !== 'maxInFlight') continue;
      const list = asList(e.fault.verb);
      if (list && !list.includes(verb)) continue;
      out.push({ limit: e.fault.limit, retryAfterSeconds: e.fault.retryAfterSeconds ?? 1, ...(list ? { verbs: list } : {}) });
    }
    return out;
  }

  /** The error to answer with, if an error fault fires for this request (uses up `times`). */
  takeError(req: RequestInfo): StatusError | undefined {
    for (const e of this.entries) {
      const fault = e.fault;
      if (fault.kind !== 'error' || !matchesRequest(fault.match, req)) continue;
      if (fault.fraction !== undefined && this.random.next() >= fault.fraction) continue;
      if (e.remaining !== undefined) {
        e.remaining -= 1;
        if (e.remaining <= 0) this.remove(e.id);
      }
      return faultError(fault);
    }
    return undefined;
  }

  /** How a new watch should be dropped, if a dropWatch fault matches (uses up `times`). */
  takeWatchDrop(req: RequestInfo): { afterEvents?: number; afterMs?: number } | undefined {
    for (const e of this.entries) {
      const fault = e.fault;
      if (fault.kind !== 'dropWatch' || !matchesRequest(fault.match, req)) continue;
      if (e.remaining !== undefined) {
        e.remaining -= 1;
        if (e.remaining <= 0) this.remove(e.id);
      }
      return {
        ...(fault.afterEvents !== undefined ? { afterEvents: fault.afterEvents } : {}),
        ...(fault.afterMs !== undefined ? { afterMs: fault.afterMs } : {}),
      };
    }
    return undefined;
  }

  /** The most recent behaviour fault for a VM. */
  vmFault(namespace: string, name: string): VmFault | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const fault = this.entries[i]!.fault;
      if (fault.kind === 'vm' && fault.name === name && (fault.namespace === undefined || fault.namespace === namespace)) return fault;
    }
    return undefined;
  }
}
