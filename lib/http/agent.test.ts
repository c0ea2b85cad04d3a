import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { joinUrl, upstreamTarget } from "@/lib/http/agent";

// undici's request(url) takes the origin and `pathname + search` of new URL(url): upstreamTarget
// must name the same target without parsing a URL per request.
const viaUrl = (base: string, path: string, search: string) => {
  const url = new URL(joinUrl(base, path, search));
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
};

describe("upstreamTarget", () => {
  test("the same origin and path as parsing the joined URL", () => {
    const segment = fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/).filter((s) => s !== "." && s !== "..");
    const base = fc.record({
      scheme: fc.constantFrom("http", "https"),
      host: fc.constantFrom("127.0.0.1", "localhost", "api.example.com", "[::1]", "EXAMPLE.org"),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      segments: fc.array(segment, { maxLength: 3 }),
      slashes: fc.integer({ min: 0, max: 2 }),
      query: fc.option(fc.constantFrom("?api-version=2024-10-21", "#frag"), { nil: undefined }),
    }).map(({ scheme, host, port, segments, slashes, query }) => `${scheme}://${host}${port ? `:${port}` : ""}${segments.map((s) => `/${s}`).join("")}${"/".repeat(slashes)}${query ?? ""}`);
    const path = fc.constantFrom("chat/completions", "v1/messages", "/embeddings", "responses/resp_123/input_items", "audio/transcriptions");
    // A client's query as the WHATWG URL gives it: already encoded.
    const search = fc.option(fc.dictionary(segment, fc.string({ maxLength: 8 }), { maxKeys: 3 }), { nil: undefined }).map((q) => {
      const s = q ? new URLSearchParams(q).toString() : "";
      return s ? `?${s}` : "";
    });
    fc.assert(
      fc.property(base, path, search, (b, p, s) => {
        expect(upstreamTarget(b, p, s)).toEqual(viaUrl(b, p, s));
        // A second call answers from the parsed base, the same way.
        expect(upstreamTarget(b, p, s)).toEqual(viaUrl(b, p, s));
      }),
      { numRuns: 500 },
    );
  });

  test("a base with a query of its own keeps the old joining (parsed whole)", () => {
    expect(upstreamTarget("https://h.example/v1?x=1", "chat/completions")).toEqual(viaUrl("https://h.example/v1?x=1", "chat/completions", ""));
    expect(upstreamTarget("http://127.0.0.1:9100/v1/", "chat/completions", "?a=b")).toEqual({ origin: "http://127.0.0.1:9100", path: "/v1/chat/completions?a=b" });
  });
});
