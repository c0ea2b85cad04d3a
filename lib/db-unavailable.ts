// Tells "the database is not there right now" apart from every other database error, in any of
// the forms it reaches us: the socket's own error, node-postgres's timeouts and closed connections,
// PostgreSQL's shutdown codes, the driver adapter's DriverAdapterError and Prisma's wrapped P-codes.
// Pure (no database, no server-only): lib/http/errors.ts maps these to 503 database_unavailable.

/** Thrown by our own code when a database call is given up on (e.g. the health check's deadline). */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

const SOCKET_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN",
  "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED",
]);

// PostgreSQL SQLSTATEs: connection exceptions (08…), shutting down or starting up (57P01–57P03),
// too many connections, and a statement cancelled by DB_QUERY_TIMEOUT_MS (statement_timeout).
const POSTGRES_CODES = /^(08[0-9A-Z]{3}|57P0[123]|53300|57014)$/;

// Prisma's codes for the same: can't reach, timed out, closed, pool timeout, transaction not started
// in time (the pool had no connection to give), too many connections.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);

// The driver adapter's error kinds (DriverAdapterError.cause.kind).
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// node-postgres and pg-pool say these in words only.
const MESSAGES = [
  /Query read timeout/i,
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Connection ended unexpectedly/i,
  /Can't reach database server/i,
  /Unable to start a transaction in the given time/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /canceling statement due to statement timeout/i,
];

function matches(value: unknown): boolean {
  if (value instanceof DatabaseUnavailableError) return true;
  if (typeof value !== "object" || value === null) return false;
  const e = value as { code?: unknown; kind?: unknown; message?: unknown; originalCode?: unknown };
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || PRISMA_CODES.has(e.code) || POSTGRES_CODES.test(e.code))) return true;
  if (typeof e.originalCode === "string" && POSTGRES_CODES.test(e.originalCode)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (e.kind === "postgres" && typeof (e as { code?: unknown }).code === "string" && POSTGRES_CODES.test((e as { code: string }).code)) return true;
  return typeof e.message === "string" && MESSAGES.some((pattern) => pattern.test(e.message as string));
}

/** True when `error` (or anything it wraps) says the database cannot be reached or did not answer in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const value = queue.shift();
    if (value === undefined || value === null || seen.has(value)) continue;
    seen.add(value);
    if (matches(value)) return true;
    if (typeof value !== "object") continue;
    const e = value as { cause?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown };
    queue.push(e.cause, e.meta?.driverAdapterError);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return false;
}

/**
 * One line for the log: Prisma's messages start with a blank line and the call site ("Invalid
 * `prisma.$queryRaw()` invocation:"), and end with what went wrong.
 */
export function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  return (lines.at(-1) ?? (error instanceof Error ? error.name : "unknown error")).slice(0, 300);
}
