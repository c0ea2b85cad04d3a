import path from "node:path";
import { z } from "zod";
import { parseIpEntry } from "@/lib/policies/patterns";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** A whole number in [min, max], with an error that says so in words (zod's own reads "expected int, received number"). */
const wholeNumber = (fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER) => {
  const rule = max === Number.MAX_SAFE_INTEGER ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: rule }).int({ error: rule }).min(min, { error: rule }).max(max, { error: rule }).default(fallback);
};
const positiveInt = (fallback: number) => wholeNumber(fallback);

/** Numeric settings: their value is safe to repeat in an error message (no secret is a number). */
const NUMERIC = new Set(["PORT", "MAX_BODY_BYTES", "MAX_UPLOAD_BYTES", "UPSTREAM_TIMEOUT_MS", "FALLBACK_TIMEOUT_MS", "PROVIDER_COOLDOWN_MS", "USAGE_FLUSH_MS", "SHUTDOWN_GRACE_MS"]);

function isSmtpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
}

/** "a@b.example" or "Name <a@b.example>"; no line breaks, no stray angle brackets. */
function isMailbox(value: string): boolean {
  const match = /^(?:([^<>\r\n]*)<([^<>\s]+)>|([^<>\s]+))$/.exec(value);
  const address = match?.[2] ?? match?.[3];
  return address !== undefined && z.email().safeParse(address).success;
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: wholeNumber(8080, 1, 65535),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
    "must be a postgresql:// URL (leave it unset for the embedded database)",
  ),
  APP_SECRET: optionalString.refine(
    (v) => v === undefined || v.length >= 32,
    "must be at least 32 characters (e.g. `openssl rand -base64 48`)",
  ),
  ADMIN_TOKEN: optionalString.refine(
    (v) => v === undefined || v.length >= 24,
    "must be at least 24 characters",
  ),
  ADMIN_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, "must be an email address"),
  ADMIN_PASSWORD: optionalString.refine(
    (v) => v === undefined || v.length >= 12,
    "must be at least 12 characters",
  ),
  PUBLIC_URL: optionalString.refine((v) => v === undefined || URL.canParse(v), "must be an absolute URL"),
  /** next-auth's own variable; when unset it is derived from PUBLIC_URL or from the request's host. */
  NEXTAUTH_URL: optionalString.refine((v) => v === undefined || URL.canParse(v), "must be an absolute URL"),
  UPSTREAM_BASE_URL: optionalString.refine(
    (v) => v === undefined || /^https?:\/\//.test(v),
    "must be an http(s):// URL such as https://api.openai.com/v1",
  ),
  UPSTREAM_API_KEY: optionalString,
  MAX_BODY_BYTES: positiveInt(10 * 1024 * 1024),
  /** Multipart uploads (audio, image edits): OpenAI takes files up to 25 MB; 1 MiB more for the other fields. */
  MAX_UPLOAD_BYTES: positiveInt(26 * 1024 * 1024),
  UPSTREAM_TIMEOUT_MS: positiveInt(300_000),
  /** A streamed request waits this long for a provider's first byte before trying the next one. */
  FALLBACK_TIMEOUT_MS: positiveInt(30_000),
  /** A provider that failed 3 times in a row is passed by for this long. */
  PROVIDER_COOLDOWN_MS: positiveInt(30_000),
  USAGE_FLUSH_MS: wholeNumber(500, 50, 1000),
  SHUTDOWN_GRACE_MS: positiveInt(30_000),
  /** PostgreSQL: the longest wait for a new connection, or for a free one from the pool. */
  DB_CONNECT_TIMEOUT_MS: positiveInt(3_000),
  /** PostgreSQL: the longest a statement may take, on the server and for its answer to arrive. */
  DB_QUERY_TIMEOUT_MS: positiveInt(5_000),
  /** The largest single event an upstream may send in a stream; a bigger one ends it with an error. */
  MAX_SSE_EVENT_BYTES: positiveInt(1024 * 1024),
  REDIS_URL: optionalString.refine(
    (v) => v === undefined || /^rediss?:\/\//.test(v),
    "must be a redis:// or rediss:// URL",
  ),
  /**
   * Comma-separated addresses or CIDR ranges of reverse proxies in front of Keygate. Only a request
   * from one of them has its X-Forwarded-For read (right to left, skipping these hops).
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((entry) => parseIpEntry(entry) !== null), {
      message: "must be a comma-separated list of IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1",
    }),
  /** "off" skips the usage rollups (the usage views then miss new traffic): for benchmarks only. */
  USAGE_ROLLUPS: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  /**
   * "serverless" (also on whenever Vercel sets VERCEL=1): no timers; usage is written in after() of
   * each request, caches are checked on the request path, maintenance runs from the cron route.
   */
  KEYGATE_RUNTIME: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z.enum(["node", "serverless"], { error: 'must be "node" or "serverless"' }).optional(),
  ),
  /** Set to 1 by Vercel in its builds and functions. */
  VERCEL: optionalString,
  /** The bearer secret of GET /api/cron/maintenance (Vercel Cron sends it as Authorization: Bearer). */
  CRON_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  /**
   * Invite e-mails go out through this server when set: smtp://user:password@host:587 (STARTTLS when
   * offered) or smtps://user:password@host:465. It holds a password: its value is never repeated.
   */
  SMTP_URL: optionalString.refine(
    (v) => v === undefined || isSmtpUrl(v),
    "must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@smtp.example.com:587 (percent-encode @, : and / in the password)",
  ),
  /** The From of invite e-mails: an address or "Name <address>"; default Keygate <keygate@HOST of PUBLIC_URL, or localhost>. */
  SMTP_FROM: optionalString.refine(
    (v) => v === undefined || isMailbox(v),
    'must be an e-mail address or "Name <address>", e.g. Keygate <keygate@example.com>',
  ),
});

export type Env = z.infer<typeof envSchema> & {
  dataDir: string;
  embedded: boolean;
  /** KEYGATE_RUNTIME=serverless, or on Vercel (VERCEL=1). */
  serverless: boolean;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

let cached: Env | undefined;

/** The only reader of process.env. Validated once, on first use (never at import, so builds stay pure). */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") || "environment";
    const got = NUMERIC.has(name) ? ` (got ${JSON.stringify(process.env[name])})` : "";
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? "is invalid"}${got}`);
  }
  if (parsed.data.UPSTREAM_API_KEY && !parsed.data.UPSTREAM_BASE_URL) {
    throw new ConfigError("Invalid configuration: UPSTREAM_API_KEY is set but UPSTREAM_BASE_URL is not");
  }
  if (Boolean(parsed.data.ADMIN_EMAIL) !== Boolean(parsed.data.ADMIN_PASSWORD)) {
    throw new ConfigError("Invalid configuration: set ADMIN_EMAIL and ADMIN_PASSWORD together (or neither)");
  }
  if (parsed.data.REDIS_URL && !parsed.data.DATABASE_URL) {
    throw new ConfigError("Invalid configuration: REDIS_URL needs DATABASE_URL (the embedded database counts key limits in-process)");
  }
  if (parsed.data.SMTP_FROM && !parsed.data.SMTP_URL) {
    throw new ConfigError("Invalid configuration: SMTP_FROM is set but SMTP_URL is not (invite e-mails need an SMTP server)");
  }
  // On Vercel the function freezes after each response whatever KEYGATE_RUNTIME says.
  const serverless = parsed.data.KEYGATE_RUNTIME === "serverless" || parsed.data.VERCEL === "1";
  if (serverless && !parsed.data.DATABASE_URL) {
    throw new ConfigError(
      "Invalid configuration: serverless mode (KEYGATE_RUNTIME=serverless or VERCEL=1) needs DATABASE_URL: the embedded database lives on one machine's disk",
    );
  }
  configureNextAuthOrigin(parsed.data.NEXTAUTH_URL ?? parsed.data.PUBLIC_URL);
  cached = {
    ...parsed.data,
    serverless,
    dataDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), parsed.data.DATA_DIR),
    embedded: parsed.data.DATABASE_URL === undefined,
  };
  return cached;
}

/**
 * next-auth v4 reads its origin from process.env itself. With a public URL it uses that; without one
 * it reads the Host / X-Forwarded-Host and X-Forwarded-Proto headers (Next.js fills them in for
 * direct requests). lib/auth/auth-request.ts refuses forwarded headers from untrusted peers and
 * sign-in posts whose Origin is not that host, before next-auth sees them.
 */
function configureNextAuthOrigin(publicUrl: string | undefined): void {
  if (publicUrl) {
    process.env.NEXTAUTH_URL = new URL(publicUrl).origin;
  } else {
    // A blank NEXTAUTH_URL makes next-auth's client module throw "Invalid URL" when it loads.
    delete process.env.NEXTAUTH_URL;
    process.env.AUTH_TRUST_HOST ??= "true";
  }
}

/** Tests only: forget the parsed environment. */
export function resetEnvForTests(): void {
  cached = undefined;
}
