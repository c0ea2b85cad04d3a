import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiClientError, errorMessage } from "@/components/api/client";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: {
      /** Toast title when the query fails, e.g. "Could not load usage" (pages still show their own error state). */
      errorTitle?: string;
    };
    mutationMeta: {
      /** Toast title when the mutation fails, e.g. "Could not create the key". */
      errorTitle?: string;
      /** Forms show field errors beside the fields: no toast for those. */
      fieldErrorsInForm?: boolean;
      /** The component shows every error itself (e.g. the sign-in form). */
      silent?: boolean;
    };
  }
}

/**
 * The one query-client factory: every failed mutation becomes a toast unless its form shows the
 * errors; a failed query does when it names itself (meta.errorTitle).
 */
export function makeQueryClient(notify: (title: string, message: string) => void): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (failures, error) => !(error instanceof ApiClientError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
    queryCache: new QueryCache({
      onError: (error, query) => {
        const title = query.meta?.errorTitle;
        if (title) notify(title, errorMessage(error));
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        const meta = mutation.options.meta;
        if (meta?.silent) return;
        if (meta?.fieldErrorsInForm && error instanceof ApiClientError && Object.keys(error.fields).length > 0) return;
        notify(meta?.errorTitle ?? "Something went wrong", errorMessage(error));
      },
    }),
  });
}
