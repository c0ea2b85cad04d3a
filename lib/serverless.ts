import { getEnv } from "@/lib/env";

/**
 * Serverless mode (VERCEL=1 or KEYGATE_RUNTIME=serverless): the process may be frozen the moment a
 * response ends, so nothing may wait for a timer. Usage is written in after() of the request that
 * made it, caches are checked on the request path, and maintenance runs from the cron route.
 */
export function isServerless(): boolean {
  return getEnv().serverless;
}
