/**
 * ServiceAccount tokens, as TokenRequest mints them: a bearer token names one ServiceAccount, and
 * its requests are that account's (`system:serviceaccount:<ns>:<name>`, groups
 * `system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`), authorized by
 * RBAC. A token outlives nothing: once its ServiceAccount is deleted, it is rejected (401), as a
 * bound token is.
 */
import { randomBytes } from 'node:crypto';
import { resourceOfKind } from '../registry/index.js';
import type { Store } from '../storage/store.js';
import type { Identity } from './authorization.js';

const SERVICE_ACCOUNTS = resourceOfKind('ServiceAccount');

export const serviceAccountIdentity = (namespace: string, name: string): Identity => ({
  user: `system:serviceaccount:${namespace}:${name}`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
});

export class ServiceAccountTokens {
  readonly #accounts = new Map<string, { namespace: string; name: string }>();

  constructor(private readonly store: Store) {}

  /** A new token for the ServiceAccount; undefined when it does not exist. */
  mint(namespace: string, name: string): string | undefined {
    if (this.store.get(SERVICE_ACCOUNTS, namespace, name) === undefined) return undefined;
    const token = randomBytes(32).toString('base64url');
    this.#accounts.set(token, { namespace, name });
    return token;
  }

  /** The account a token names: undefined when it is no ServiceAccount token, 'revoked' when its account is gone. */
  identify(token: string): Identity | 'revoked' | undefined {
    const account = this.#accounts.get(token);
    if (account === undefined) return undefined;
    if (this.store.get(SERVICE_ACCOUNTS, account.namespace, account.name) === undefined) return 'revoked';
    return serviceAccountIdentity(account.namespace, account.name);
  }
}
