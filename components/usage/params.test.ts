import { describe, expect, it } from "vitest";
import { readGroupBy, readLogParams, readUsageParams, toQueryString } from "@/components/usage/params";

describe("usage filters in the URL", () => {
  it("reads the range and filters, defaulting to the last 24 hours", () => {
    expect(readUsageParams(new URLSearchParams(""))).toEqual({ range: "24h", keyId: undefined, model: undefined, tag: undefined });
    expect(readUsageParams(new URLSearchParams("range=7d&keyId=k1&model=gpt-4"))).toMatchObject({ range: "7d", keyId: "k1", model: "gpt-4" });
  });

  it("reads a tag lower-cased, as keys store it, and the chart grouping", () => {
    expect(readUsageParams(new URLSearchParams("tag=Team:Search")).tag).toBe("team:search");
    expect(readGroupBy(new URLSearchParams("groupBy=tag"))).toBe("tag");
    expect(readGroupBy(new URLSearchParams("groupBy=model"))).toBe("model");
    expect(readGroupBy(new URLSearchParams("groupBy=owner"))).toBe("key");
  });

  it("keeps a valid custom range and drops one the API would refuse", () => {
    const ok = readUsageParams(new URLSearchParams("range=custom&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z"));
    expect(ok).toMatchObject({ range: "custom", from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" });
    expect(readUsageParams(new URLSearchParams("range=custom&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")).range).toBe("24h");
    expect(readUsageParams(new URLSearchParams("range=forever")).range).toBe("24h");
  });

  it("accepts only known log filters", () => {
    const params = readLogParams(new URLSearchParams("status=5xx&endpoint=embeddings&stream=true"));
    expect(params).toMatchObject({ status: "5xx", endpoint: "embeddings", stream: "true" });
    expect(readLogParams(new URLSearchParams("status=3xx&endpoint=admin&stream=yes"))).toMatchObject({ status: undefined, endpoint: undefined, stream: undefined });
  });

  it("writes only what is set, and dates only for a custom range", () => {
    expect(toQueryString({ range: "7d", from: "x", to: "y", keyId: undefined, model: "gpt-4" })).toBe("range=7d&model=gpt-4");
    expect(toQueryString({ range: "custom", from: "a", to: "b" })).toBe("range=custom&from=a&to=b");
  });
});
