"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type ParamsPatch = Record<string, string | undefined>;

/**
 * The page's query string as its filter state, so every view is linkable. Updates go through the
 * History API, which Next's router picks up without a server round trip; each change is a history
 * entry, so Back undoes a filter.
 */
export function useUrlParams(): [URLSearchParams, (patch: ParamsPatch, options?: { replace?: boolean }) => void] {
  const search = useSearchParams();
  const pathname = usePathname();
  const update = useCallback(
    (patch: ParamsPatch, { replace = false } = {}) => {
      const next = new URLSearchParams(search.toString());
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined || value === "") next.delete(name);
        else next.set(name, value);
      }
      const query = next.toString();
      const url = query ? `${pathname}?${query}` : pathname;
      if (replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [search, pathname],
  );
  return [new URLSearchParams(search.toString()), update];
}
