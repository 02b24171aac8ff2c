/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): `10Gi`, `500M`, `1.5e9`,
 * `100m`. Only what the simulated webhooks compare: a quantity's value in base units, rounded up
 * to an integer as `Quantity.Value()` rounds.
 */
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
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

/** The value of a quantity (a string, or a number as JSON carries one), or undefined when it is not one. */
export const quantityValue = (quantity: unknown): number | undefined => {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? Math.ceil(quantity) : undefined;
  if (typeof quantity !== 'string') return undefined;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits = '0', suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : (MULTIPLIERS[suffix] ?? 1);
  return Math.ceil(Number(digits) * multiplier);
};
