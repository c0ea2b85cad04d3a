"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type ParamsPatch = Record<string, string | undefined>;

/**
 * The page's query string as its filter state, so every view is linkable. Updates go through the
 * History API, which Next's router picks up without a server round trip; each change is a history
 * entry, so Back undoes a filter.
 *
 * A patch applies to the address bar's query as it is now, not to the one this component last
 * rendered: two changes made before React re-renders (pick a key, then at once a model) would
 * otherwise build on the same old query, and the second would put back what the first removed.
 */
export function useUrlParams(): [URLSearchParams, (patch: ParamsPatch, options?: { replace?: boolean }) => void] {
  const search = useSearchParams();
  const pathname = usePathname();
  const update = useCallback(
    (patch: ParamsPatch, { replace = false } = {}) => {
      const next = new URLSearchParams(window.location.search);
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined || value === "") next.delete(name);
        else next.set(name, value);
      }
      const query = next.toString();
      const url = query ? `${pathname}?${query}` : pathname;
      if (replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );
  return [new URLSearchParams(search.toString()), update];
}
