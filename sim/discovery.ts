/**
 * Discovery and OpenAPI documents. Placeholder until the discovery module lands: it answers
 * nothing, so the server falls through to 404.
 */
import type { SimResponse } from './http-types.js';

export function serveDiscovery(_req: { method: string; path: string; accept: string }): SimResponse | undefined {
  return undefined;
}
