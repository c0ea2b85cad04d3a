const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 6 });

/** "$0.15", "$0.0375", "$15.00": prices per 1M tokens keep the digits they have. */
export function formatUsd(value: number): string {
  return usd.format(value);
}
