/** Kubernetes memory and storage quantities (`2Gi`, `512Mi`, `1G`, `1024`) as bytes, for sizing guests. */
const FACTORS: Readonly<Record<string, number>> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

export const quantityBytes = (quantity: string): number => {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  const factor = FACTORS[match?.[2] ?? ''];
  if (!match || factor === undefined) throw new Error(`not a byte quantity this lab understands: ${quantity}`);
  return Math.round(Number(match[1]) * factor);
};
