import { describe, expect, test } from "vitest";
// @ts-expect-error: a plain ES module of the server, without types
import { compileRoutes } from "./lean-v1.mjs";

type Match = (pathname: string) => { pattern: string; params: Record<string, string | string[]> } | null;

const match = compileRoutes([
  "/v1/[...path]",
  "/v1/models",
  "/v1/models/[...model]",
  "/v1/responses/[id]",
  "/v1/responses/[id]/cancel",
  "/v1/responses/[id]/input_items",
  "/v1/chat/completions",
]) as Match;

describe("compileRoutes", () => {
  test("a static route wins over the catch-all that also matches it", () => {
    expect(match("/v1/models")).toEqual({ pattern: "/v1/models", params: {} });
    expect(match("/v1/chat/completions")).toEqual({ pattern: "/v1/chat/completions", params: {} });
  });

  test("dynamic segments are decoded, as Next.js gives them", () => {
    expect(match("/v1/responses/resp_1")).toEqual({ pattern: "/v1/responses/[id]", params: { id: "resp_1" } });
    expect(match("/v1/responses/a%20b/cancel")).toEqual({ pattern: "/v1/responses/[id]/cancel", params: { id: "a b" } });
  });

  test("a catch-all takes every remaining segment, each decoded on its own", () => {
    expect(match("/v1/models/meta-llama/Llama-3-8B")).toEqual({ pattern: "/v1/models/[...model]", params: { model: ["meta-llama", "Llama-3-8B"] } });
    expect(match("/v1/models/a%2Fb")).toEqual({ pattern: "/v1/models/[...model]", params: { model: ["a/b"] } });
  });

  test("what no specific route takes falls to the /v1 catch-all; a catch-all needs one segment at least", () => {
    expect(match("/v1/responses/x/unknown")).toEqual({ pattern: "/v1/[...path]", params: { path: ["responses", "x", "unknown"] } });
    expect(match("/v1/chat")).toEqual({ pattern: "/v1/[...path]", params: { path: ["chat"] } });
    expect(match("/v1")).toBeNull();
    expect(match("/api/keys")).toBeNull();
  });

  test("the order of the manifest does not matter", () => {
    const reversed = compileRoutes(["/v1/[...path]", "/v1/models/[...model]", "/v1/models"].reverse()) as Match;
    expect(reversed("/v1/models")?.pattern).toBe("/v1/models");
    expect(reversed("/v1/models/x")?.pattern).toBe("/v1/models/[...model]");
  });
});
