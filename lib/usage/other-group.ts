import type { UsageSeriesPoint } from "@/lib/usage/schemas";
import { roundUsd } from "@/lib/usage/usd";

/** The series group of everything beyond the top groups: no key id, tag or (in practice) model is spelt so. */
export const OTHER_GROUP = "(other)";

/**
 * Adds the "other" group to a series point: what the point holds beyond its top groups. Cost is a
 * difference of float sums, so it is rounded to the nano-dollar and never drops below zero.
 */
export function addOtherGroup(point: UsageSeriesPoint): void {
  const shown = Object.values(point.groups);
  const requests = point.requests - shown.reduce((a, g) => a + g.requests, 0);
  const totalTokens = point.totalTokens - shown.reduce((a, g) => a + g.totalTokens, 0);
  const costUsd = Math.max(0, roundUsd(point.costUsd - shown.reduce((a, g) => a + g.costUsd, 0)));
  if (requests > 0 || totalTokens > 0 || costUsd > 0) point.groups[OTHER_GROUP] = { requests, totalTokens, costUsd };
}
