/**
 * Kubernetes resource quantities (`15500m`, `64Gi`, `65843112Ki`, `1e3`) as numbers, and back to
 * short text for messages. Plain floating point: capacity checks compare sums of a few hundred
 * values, where a rounding error of a byte does not matter.
 */

const SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** apimachinery's quantity grammar: a signed decimal number, then a suffix or a decimal exponent. */
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** The quantity in base units (cores, bytes), or undefined when it is not one. */
export const parseQuantity = (text: string): number | undefined => {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number = '', exponent, suffix = ''] = match;
  return Number(number) * (exponent !== undefined ? 10 ** Number(exponent.slice(1)) : (SUFFIXES[suffix] ?? 1));
};

const BINARY_UNITS = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;

/** Bytes in the largest binary unit that leaves at least 1, with one decimal when it has one: `1.5Gi`, `180Gi`. */
export const formatBytes = (bytes: number): string => {
  for (const unit of BINARY_UNITS) {
    const value = bytes / (SUFFIXES[unit] ?? 1);
    if (value >= 1) return `${trimDecimal(value)}${unit}`;
  }
  return `${Math.round(bytes)}`;
};

/** CPUs as people count them: `46.5`, `16`. */
export const formatCpus = (cores: number): string => trimDecimal(cores);

const trimDecimal = (value: number): string => String(Math.round(value * 10) / 10);
