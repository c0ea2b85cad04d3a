"use client";

import { useCan } from "@/components/shell/session-user";
import { Callout } from "@/components/ui/callout";

/**
 * One line on each page whose controls a viewer does not get, so the missing buttons read as a
 * permission, not a fault. Renders nothing for admins and owners.
 */
export function ViewOnlyNote({ what }: { what: string }) {
  if (useCan("admin")) return null;
  return (
    <Callout tone="info" role="status" className="mb-6" title="You have view-only access">
      Ask an admin or owner to change {what}.
    </Callout>
  );
}
