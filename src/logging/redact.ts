/**
 * Two guards so no credential reaches a log line: fields whose name says they hold one are replaced
 * wherever they sit in a logged object, and the values registered as secrets (the SSH password, its
 * hash, keys) are scrubbed from every finished line, whatever field or message carries them.
 */

export const REDACTED = '[redacted]';

/** Field names (lowercased, without `-` and `_`) ending like these hold credentials or userdata. */
const SENSITIVE_NAME_ENDINGS = [
  'password',
  'passwordhash',
  'passwd',
  'token',
  'secret',
  'authorization',
  'authorizedkeys',
  'privatekey',
  'sshkey',
  'sshkeys',
  'userdata',
  'stringdata',
  'credentials',
  'apikey',
  'cookie',
];

export const isSensitiveName = (name: string): boolean => {
  const normalized = name.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_NAME_ENDINGS.some((ending) => normalized.endsWith(ending));
};

/**
 * A copy of `value` with every sensitive field replaced, at any depth; a Secret's `data` too. A
 * number or boolean is kept whatever its name: it holds no credential, and counts keyed by kind
 * (`{ Secret: 2 }` in a cleanup's totals) must stay readable.
 */
export const redactFields = <T>(value: T, seen = new WeakSet<object>()): T => {
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item: unknown) => redactFields(item, seen)) as T;
  const isSecretObject = (value as { kind?: unknown }).kind === 'Secret';
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      (isSensitiveName(key) && mayHoldCredential(field)) || (isSecretObject && key === 'data')
        ? REDACTED
        : redactFields(field, seen);
  }
  return copy as T;
};

const mayHoldCredential = (field: unknown): boolean => typeof field !== 'number' && typeof field !== 'boolean';

/** Secrets shorter than this are left to field redaction: scrubbing `ab` would mangle every line. */
const MIN_SCRUBBED_LENGTH = 4;

export interface Scrubber {
  /** Register a value that must never be printed. */
  add(secret: string | undefined): void;
  /** `text` with every registered value, raw or JSON-escaped, replaced by `[redacted]`. */
  scrub(text: string): string;
}

export const createScrubber = (): Scrubber => {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret === undefined || secret.length < MIN_SCRUBBED_LENGTH) return;
      secrets.add(secret);
      // Inside a JSON log line the value appears escaped (quotes, backslashes, control characters).
      secrets.add(JSON.stringify(secret).slice(1, -1));
    },
    scrub(text) {
      let result = text;
      // Longest first, so a secret that contains another is replaced whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        result = result.replaceAll(secret, REDACTED);
      }
      return result;
    },
  };
};
