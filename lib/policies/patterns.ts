import ipaddr from "ipaddr.js";

/** A model allowlist entry: `*` matches any run of characters (`gpt-4o*`, `anthropic/*`); all else is literal. */
export function modelPattern(pattern: string): RegExp {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s");
}

/** Whether `model` is allowed by the list (an empty list allows every model). */
export function compileModelAllowlist(patterns: readonly string[]): ((model: string) => boolean) | null {
  if (patterns.length === 0) return null;
  const exact = new Set(patterns.filter((p) => !p.includes("*")));
  const wild = patterns.filter((p) => p.includes("*")).map(modelPattern);
  return (model) => exact.has(model) || wild.some((re) => re.test(model));
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A parsed address or CIDR range, or null when `entry` is neither. IPv4-mapped IPv6 addresses count as IPv4. */
export function parseIpEntry(entry: string): Range | null {
  const text = entry.trim();
  try {
    if (text.includes("/")) {
      const [address, bits] = ipaddr.parseCIDR(text);
      return [normalize(address), address.kind() === "ipv6" && isMapped(address) ? bits - 96 : bits];
    }
    if (!ipaddr.isValid(text)) return null;
    const address = normalize(ipaddr.parse(text));
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

function isMapped(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress();
}

function normalize(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return isMapped(address) ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/** A parsed client address (zone ids and IPv4-mapped forms handled), or null when it is not one. */
export function parseAddress(text: string | null | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!text) return null;
  const bare = text.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return null;
  try {
    return normalize(ipaddr.parse(bare));
  } catch {
    return null;
  }
}

/** Whether an address falls in any of the ranges (an empty list allows any address). */
export function compileIpAllowlist(entries: readonly string[]): ((address: string | null) => boolean) | null {
  if (entries.length === 0) return null;
  const ranges = entries.map(parseIpEntry).filter((r): r is Range => r !== null);
  return (text) => {
    const address = parseAddress(text);
    if (!address) return false;
    return ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network as never, bits));
  };
}
