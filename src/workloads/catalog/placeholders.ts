/**
 * `{{key}}` placeholders in a catalog entry's `.service` files: a declared param's value, or one of
 * the values virtwork provides (the namespace, and the name of the Service in front of this VM's
 * pair's server, as the built-ins reach theirs).
 */
import { formatParam, type CatalogParams } from './params.js';

export const NAMESPACE_PLACEHOLDER = 'namespace';
export const SERVICE_HOST_PLACEHOLDER = 'service-host';
/** Placeholders virtwork fills itself: no param may take these keys. */
export const PROVIDED_PLACEHOLDERS: readonly string[] = [NAMESPACE_PLACEHOLDER, SERVICE_HOST_PLACEHOLDER];

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

export interface PlaceholderUse {
  readonly key: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/** Every placeholder in `text`, in order, with its line. */
export const findPlaceholders = (text: string): PlaceholderUse[] =>
  text.split('\n').flatMap((lineText, index) => [...lineText.matchAll(PLACEHOLDER)].map((match) => ({ key: match[1] ?? '', line: index + 1 })));

export interface ProvidedValues {
  readonly namespace: string;
  /** Absent for an entry without a Service. */
  readonly serviceHost?: string | undefined;
}

/**
 * The file with every placeholder replaced. The entry was checked before it was built, so a
 * placeholder without a value here is a bug in that check.
 */
export const substitutePlaceholders = (text: string, params: CatalogParams, provided: ProvidedValues): string =>
  text.replace(PLACEHOLDER, (whole, key: string) => {
    if (key === NAMESPACE_PLACEHOLDER) return provided.namespace;
    if (key === SERVICE_HOST_PLACEHOLDER && provided.serviceHost !== undefined) return provided.serviceHost;
    const value = params[key];
    if (value === undefined) throw new Error(`placeholder ${whole} has no value: the catalog entry check let it through`);
    return formatParam(value);
  });
