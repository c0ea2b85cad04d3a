// Dollar amounts in the usage views. Each request's cost is exact to the nano-dollar (the price
// book rounds it up to one), but rollups add them as doubles: sums are rounded back to the
// nano-dollar so float noise (0.30000000000000004) never reaches a page, a CSV or an API answer.

const NANO = 1e9;

/** A dollar sum rounded to the nano-dollar. */
export function roundUsd(value: number): number {
  const rounded = Math.round(value * NANO) / NANO;
  return rounded === 0 ? 0 : rounded; // never -0
}

/** Integer nano-dollars, for adding many amounts without drift. */
export function toNanoUsd(value: number): number {
  return Math.round(value * NANO);
}

export function fromNanoUsd(nano: number): number {
  return roundUsd(nano / NANO);
}

/** A plain decimal for CSV cells (never an exponent, which some importers misread): "0.000123", "12.5", "0". */
export function usdCsv(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  return roundUsd(value).toFixed(9).replace(/\.?0+$/, "");
}
