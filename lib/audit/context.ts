import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { clientAddress } from "@/lib/auth/client-address";
import { processSingleton } from "@/lib/singleton";

export type ActorType = "user" | "admin_token" | "system" | "anonymous";

/** Who is acting, from where: what every audit entry written while it is current records. */
export interface AuditContext {
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  ip: string | null;
  userAgent: string | null;
}

const SYSTEM: AuditContext = { actorType: "system", actorId: null, actorLabel: "system", ip: null, userAgent: null };
const storage = processSingleton("audit-context", () => new AsyncLocalStorage<AuditContext>());

/** Runs `fn` with `context` as the actor of every change it makes; outside any, changes are the system's. */
export function withAuditContext<T>(context: AuditContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentAuditContext(): AuditContext {
  return storage.getStore() ?? SYSTEM;
}

const MAX_USER_AGENT = 500;

/** The client's address (through TRUSTED_PROXIES) and user agent of a request, for an audit context. */
export function requestOrigin(headers: Headers): Pick<AuditContext, "ip" | "userAgent"> {
  const address = clientAddress(headers);
  return { ip: address === "unknown" ? null : address, userAgent: headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null };
}

/** The audit context of an authorized admin request. */
export function adminAuditContext(admin: { id: string; email: string; via: "session" | "token" }, headers: Headers): AuditContext {
  return admin.via === "token"
    ? { actorType: "admin_token", actorId: null, actorLabel: "ADMIN_TOKEN", ...requestOrigin(headers) }
    : { actorType: "user", actorId: admin.id, actorLabel: admin.email, ...requestOrigin(headers) };
}
