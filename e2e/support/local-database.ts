// The e2e suite creates and deletes data freely: it must never reach a database on another machine.
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/** Throws unless the PostgreSQL URL points at this machine (TCP loopback or a Unix socket). */
export function assertLocalDatabase(url: string | undefined): void {
  if (!url) return;
  if (!URL.canParse(url)) throw new Error("E2E_DATABASE_URL is not a valid URL");
  const parsed = new URL(url);
  const socketHost = parsed.searchParams.get("host");
  const local = socketHost ? socketHost.startsWith("/") : LOCAL_HOSTS.has(parsed.hostname);
  if (!local) {
    throw new Error(
      `Refusing to run e2e tests against a non-local database (${parsed.hostname}): they create and delete data. ` +
        "Use a local PostgreSQL, or leave E2E_DATABASE_URL unset for the embedded database.",
    );
  }
}
