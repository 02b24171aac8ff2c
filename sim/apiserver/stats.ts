/**
 * Request counters and the request log. Counting rules: every request the API serves counts
 * once, whatever its outcome (errors, 401, 429 included); a watch counts once, when it opens;
 * discovery counts under resource `discovery` and OpenAPI under `openapi` (verb `get`); paths the
 * server does not know count under `unknown`; the simulator's own `/_sim/*` endpoints never count.
 */
export interface SimStats {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, Record<string, number>>;
  /** By HTTP status code, e.g. how many requests were throttled (`429`). */
  byStatus: Record<string, number>;
}

export interface RequestLogEntry {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path and query, as sent. */
  url: string;
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  status: number;
  durationMs: number;
}

/** The log keeps at most this many entries (the oldest go first); counters are never capped. */
const LOG_LIMIT = 50_000;

export class StatsRecorder {
  private stats: SimStats = emptyStats();
  private log: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    const s = this.stats;
    s.total += 1;
    s.byVerb[entry.verb] = (s.byVerb[entry.verb] ?? 0) + 1;
    const perResource = (s.byResource[entry.resource] ??= {});
    perResource[entry.verb] = (perResource[entry.verb] ?? 0) + 1;
    s.byStatus[entry.status] = (s.byStatus[entry.status] ?? 0) + 1;
    this.log.push(entry);
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(LOG_LIMIT / 4);
  }

  snapshot(): SimStats {
    return structuredClone(this.stats);
  }

  requests(): RequestLogEntry[] {
    return [...this.log];
  }

  reset(): void {
    this.stats = emptyStats();
    this.log = [];
  }
}

const emptyStats = (): SimStats => ({ total: 0, byVerb: {}, byResource: {}, byStatus: {} });
