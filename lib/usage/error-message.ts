/** Longest error message kept in the request log. */
export const ERROR_MESSAGE_MAX = 300;

// Anything that may be a credential: key-shaped tokens, bearer values, key=value pairs, URL userinfo.
const SECRETS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, "$1 [redacted]"],
  [/\b((?:api[_-]?key|key|token|secret|password|access[_-]?token)["']?\s*[=:]\s*["']?)[^\s"'&,;]+/gi, "$1[redacted]"],
  [/\b(sk|pk|rk|sess|ak)-[A-Za-z0-9_-]{6,}/g, "[redacted key]"],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, "$1[redacted]@"],
  // Long runs of key-like characters (AWS, Google, JWTs) that match no known prefix.
  [/\b[A-Za-z0-9_\-.]{32,}\b/g, "[redacted]"],
];

/**
 * An error message fit for the request log: whitespace collapsed, every credential-like token
 * removed, at most ERROR_MESSAGE_MAX characters. Null for nothing useful.
 */
export function cleanErrorMessage(message: unknown): string | null {
  if (typeof message !== "string") return null;
  // Redact before truncating, so a cut never leaves half a key behind.
  let text = message.slice(0, 4 * ERROR_MESSAGE_MAX).replace(/\s+/g, " ").trim();
  for (const [pattern, replacement] of SECRETS) text = text.replace(pattern, replacement);
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f]/g, "");
  if (!text) return null;
  return text.length > ERROR_MESSAGE_MAX ? `${text.slice(0, ERROR_MESSAGE_MAX - 1)}…` : text;
}
