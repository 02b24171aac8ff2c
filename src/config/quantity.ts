/**
 * Kubernetes quantities as disk and memory sizes take them (`10Gi`, `500M`, `1.5e9`): their value
 * in bytes, and a size written back for a message, rounded up so it is always enough.
 */
const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Bytes of a quantity, rounded up as Kubernetes rounds; undefined when it is not one. */
export const quantityBytes = (quantity: string): number | undefined => {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits = '0', suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : (MULTIPLIERS[suffix] ?? 1);
  return Math.ceil(Number(digits) * multiplier);
};

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** `2.9Gi`, `64Mi`: at least `bytes`, in the unit a user would type. */
export const formatSize = (bytes: number): string =>
  bytes >= GIB ? `${Math.ceil((bytes / GIB) * 10) / 10}Gi` : `${Math.ceil(bytes / MIB)}Mi`;
