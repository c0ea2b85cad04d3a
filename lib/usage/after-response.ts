import "server-only";
import { after } from "next/server";
import { isLeanRequest } from "@/lib/http/response";
import { isServerless } from "@/lib/serverless";
import { flushUsage, pendingUsageCount } from "@/lib/usage/recorder";

/** The longest the after() work may take: a dead database must not hold the function until its own limit. */
export const AFTER_RESPONSE_CAP_MS = 10_000;

/**
 * Serverless mode: once this request's response is over (a stream's end or abort included) and the
 * returned function has been called (its usage event is queued; with its lease's settlement, once
 * that is done), everything pending in this instance is written, inside after(), which Vercel keeps
 * the function alive for (waitUntil). Elsewhere this returns null and allocates nothing: the
 * recorder's timer writes usage. The lean /v1 path (scripts/start.mjs) runs the handlers without
 * Next's request scope and is never used in serverless mode.
 */
export function flushAfterResponse(request: Request): ((settled?: Promise<void>) => void) | null {
  if (!isServerless() || isLeanRequest(request)) return null;
  let release: (settled?: Promise<void>) => void = () => undefined;
  const finished = new Promise<void>((resolve) => (release = (settled) => resolve(settled)));
  after(() => withinCap(finished.then(() => flushUsage())));
  return release;
}

async function withinCap(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<"cap">((resolve) => (timer = setTimeout(() => resolve("cap"), AFTER_RESPONSE_CAP_MS)));
  try {
    const outcome = await Promise.race([work.then(() => "done" as const), cap]);
    if (outcome === "cap") {
      console.error(`[keygate] writing usage after the response took over ${AFTER_RESPONSE_CAP_MS} ms; ${pendingUsageCount()} event(s) wait for the next request`);
    }
  } catch (error) {
    console.error(`[keygate] writing usage after the response failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
