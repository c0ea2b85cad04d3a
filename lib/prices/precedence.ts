/**
 * The order overrides are tried in: exact model ids first, then wildcards from the longest (the
 * most specific) to the shortest. Equal lengths go alphabetically, so every instance picks the
 * same override for a model two wildcards of one length both match.
 */
export function comparePatterns(a: string, b: string): number {
  const wildA = a.includes("*");
  const wildB = b.includes("*");
  if (wildA !== wildB) return wildA ? 1 : -1;
  if (wildA && a.length !== b.length) return b.length - a.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
