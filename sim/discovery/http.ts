/**
 * HTTP details shared by discovery, OpenAPI and the CRD endpoints: content negotiation on the
 * `Accept` header (media types with parameters, as client-go sends them), documents prepared once
 * with their ETag, conditional requests, and `Status` error bodies.
 */
import { createHash } from 'node:crypto';
import type { SimResponse } from '../apiserver/http-types.js';
import { customFailure, type StatusError } from '../apiserver/status.js';

/** A document serialised once, with the strong ETag a client revalidates it by. */
export interface Prepared {
  readonly body: Buffer;
  /** Upper-case hex SHA-512, as kube-openapi computes it; also the OpenAPI v3 `hash` query value. */
  readonly hash: string;
}

export const prepare = (doc: unknown): Prepared => {
  const body = Buffer.from(JSON.stringify(doc));
  return { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
};

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

/** `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, application/json;q=0.9` -> ranges, best first. */
export const parseAccept = (header: string): MediaRange[] => {
  const ranges = (header.trim() === '' ? '*/*' : header).split(',').map((part) => {
    const [type = '', ...rawParams] = part.split(';').map((s) => s.trim());
    const params = new Map<string, string>();
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') q = Number(value);
      else if (key !== 'charset') params.set(key, value); // every document here is UTF-8 JSON
    }
    return { type: type.toLowerCase(), params, q: Number.isNaN(q) ? 0 : q };
  });
  // Array.prototype.sort is stable: equal q keeps the client's order, which client-go relies on.
  return ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
};

const matches = (range: MediaRange, offer: string): boolean => {
  const [offerType = '', ...offerParams] = offer.split(';');
  const [type, subtype] = offerType.split('/');
  const [rangeType, rangeSubtype] = range.type.split('/');
  const typeOk = range.type === '*/*' || (rangeType === type && (rangeSubtype === '*' || rangeSubtype === subtype));
  if (!typeOk) return false;
  const wanted = new Map(offerParams.map((p) => p.split('=') as [string, string]));
  // A plain `application/json` asks for the plain document, never an aggregated or Table form.
  if (range.params.size !== wanted.size) return false;
  return [...range.params].every(([k, v]) => wanted.get(k) === v);
};

/** The first offer the client accepts, in the client's order of preference; undefined: answer 406. */
export const negotiate = (accept: string, offers: readonly string[]): string | undefined => {
  for (const range of parseAccept(accept)) {
    const offer = offers.find((o) => matches(range, o));
    if (offer) return offer;
  }
  return undefined;
};

/** A failure as the server writes it: the Status body, its code as HTTP status, its headers. */
export const errorResponse = (error: StatusError): SimResponse => ({
  status: error.code,
  headers: { 'content-type': 'application/json', ...error.headers },
  body: JSON.stringify(error.status),
});

/** The answer for a media type we cannot produce, e.g. protobuf asked without a JSON fallback. */
export const notAcceptable = (offers: readonly string[]): SimResponse =>
  errorResponse(customFailure(406, 'NotAcceptable', `only the following media types are accepted: ${offers.join(', ')}`));

/** JSON that is not cached by clients: objects and lists. */
export const jsonResponse = (body: string | Buffer, contentType = 'application/json'): SimResponse =>
  ({ status: 200, headers: { 'content-type': contentType }, body });

/**
 * A prepared document, or 304 when the client's `If-None-Match` already names it. `extra`
 * carries cache headers (`Vary`, `Cache-Control`) that depend on the endpoint.
 */
export const documentResponse = (
  doc: Prepared,
  contentType: string,
  ifNoneMatch: string | undefined,
  extra: Record<string, string> = {},
): SimResponse => {
  const etag = `"${doc.hash}"`;
  const headers = { etag, ...extra };
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return { status: 304, headers, body: '' };
  }
  return { status: 200, headers: { 'content-type': contentType, ...headers }, body: doc.body };
};
