// Where a redirect target comes from input (the login page's callbackUrl), only a path on our own
// origin is followed. Browsers read `//host`, `/\host`, `/<TAB>/host` (tabs and newlines are
// stripped) and `\` as slashes all as another origin, so anything near those shapes is refused,
// including their percent-encoded forms, which some routers decode before redirecting.

const CONTROL_OR_SPACE_OR_BACKSLASH = /[\u0000-\u0020\u007F\\]/;
const ENCODED_SLASH_OR_BACKSLASH_OR_CONTROL = /%(2f|5c|[01][0-9a-f]|7f|25)/i;

/** `target` when it is a same-origin relative path (one leading `/`), otherwise `fallback`. */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  if (CONTROL_OR_SPACE_OR_BACKSLASH.test(target)) return fallback;
  if (ENCODED_SLASH_OR_BACKSLASH_OR_CONTROL.test(target)) return fallback;
  // The URL parser has the last word: the path must resolve on the origin it was given.
  try {
    const base = "http://keygate.invalid";
    const resolved = new URL(target, base);
    if (resolved.origin !== base) return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
