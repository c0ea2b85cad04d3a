"use client";

import { policyBadges, type PolicyKey } from "@/components/keys/policy-badges";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

/** Expiry, "Limited" and budget use of a key, as small badges (nothing for a key without limits). */
export function KeyPolicyBadges({ apiKey, className }: { apiKey: PolicyKey; className?: string }) {
  const badges = policyBadges(apiKey);
  if (badges.length === 0) return null;
  return (
    <span data-testid="policy-badges" className={cn("flex flex-wrap items-center gap-1.5", className)}>
      {badges.map((badge) => (
        <Badge key={badge.id} tone={badge.tone} title={badge.title} data-tone={badge.tone} data-badge={badge.id}>
          {badge.label}
        </Badge>
      ))}
    </span>
  );
}
