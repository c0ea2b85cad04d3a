import fc from "fast-check";
import { beforeEach, describe, expect, test } from "vitest";
import { FAILURES_TO_OPEN, isCoolingDown, reportFailure, reportSuccess, resetHealth } from "@/lib/providers/health";
import type { Upstream } from "@/lib/providers/registry";
import { orderRoutes, type RouteQuery } from "@/lib/providers/routing";

function upstream(id: string, patch: Partial<Upstream> = {}): Upstream {
  return { id, name: id, kind: "openai", baseUrl: `http://${id}`, apiKey: null, allModels: false, models: new Set(["m"]), priority: 100, weight: 1, aliases: new Map(), ...patch };
}

const chat: RouteQuery = { model: "m", protocol: "openai", translatable: true };
const ids = (list: Upstream[], query = chat, now?: number) => orderRoutes(list, query, now).map((r) => r.upstream.id);

beforeEach(() => resetHealth());

describe("orderRoutes", () => {
  // One provider takes a shortcut; it must route exactly as the general ordering does (here made to
  // run by a second provider that serves nothing).
  test("a single provider routes as the general ordering would", () => {
    const none = upstream("none", { models: new Set(), allModels: false });
    fc.assert(
      fc.property(
        fc.record({ kind: fc.constantFrom("openai" as const, "anthropic" as const), allModels: fc.boolean(), models: fc.subarray(["m", "n"]), alias: fc.boolean() }),
        fc.record({ model: fc.constantFrom("m", "n", "pub"), protocol: fc.constantFrom("openai" as const, "anthropic" as const), translatable: fc.boolean() }),
        (shape, query) => {
          const only = upstream("only", { kind: shape.kind, allModels: shape.allModels, models: new Set(shape.models), aliases: new Map(shape.alias ? [["pub", "m"]] : []) });
          expect(orderRoutes([only], query)).toEqual(orderRoutes([only, none], query));
        },
      ),
    );
  });

  test("the lowest priority number first; providers that do not serve the model are left out", () => {
    const list = [upstream("b", { priority: 20 }), upstream("a", { priority: 10 }), upstream("x", { models: new Set(["other"]) })];
    expect(ids(list)).toEqual(["a", "b"]);
  });

  test("equal priority shares by weight, smoothly (3:1 → a a b a), the others following as fallbacks", () => {
    const list = [upstream("a", { weight: 3 }), upstream("b", { weight: 1 })];
    const firsts = Array.from({ length: 8 }, () => ids(list)[0]);
    expect(firsts).toEqual(["a", "a", "b", "a", "a", "a", "b", "a"]);
    expect(ids(list)).toHaveLength(2);
  });

  test("providers naming the model come before catch-alls; a catch-all of the other protocol only when nothing else serves it", () => {
    const claude = upstream("claude", { kind: "anthropic", allModels: true, models: new Set() });
    const openaiAll = upstream("openai-all", { allModels: true, models: new Set(), priority: 1 });
    const named = upstream("named", { kind: "anthropic", priority: 500 });
    expect(ids([openaiAll, claude, named])).toEqual(["named", "openai-all"]);
    expect(ids([claude], { ...chat, model: "gpt-4" })).toEqual(["claude"]);
    expect(ids([claude, openaiAll], { ...chat, model: "gpt-4" })).toEqual(["openai-all"]);
  });

  test("a route to the other protocol is translated; endpoints that cannot be translated never get one", () => {
    const list = [upstream("a", { kind: "anthropic", priority: 2 }), upstream("o", { priority: 1 })];
    expect(orderRoutes(list, chat).map((r) => [r.upstream.id, r.translated])).toEqual([["o", false], ["a", true]]);
    expect(ids(list, { ...chat, translatable: false })).toEqual(["o"]);
  });

  test("an alias serves its public name under the provider's own id", () => {
    const list = [upstream("azure", { models: new Set(), aliases: new Map([["gpt-4o", "my-deployment"]]) })];
    expect(orderRoutes(list, { ...chat, model: "gpt-4o" }).map((r) => r.model)).toEqual(["my-deployment"]);
    expect(ids(list, { ...chat, model: "my-deployment" })).toEqual([]);
  });

  test("a provider that failed 3 times in a row goes last until its cool-down ends; one more failure reopens it at once", () => {
    const list = [upstream("a", { priority: 1 }), upstream("b", { priority: 2 })];
    for (let i = 0; i < FAILURES_TO_OPEN - 1; i++) reportFailure("a", 1000, 0);
    expect(ids(list, chat, 10)).toEqual(["a", "b"]);
    reportFailure("a", 1000, 0);
    expect(isCoolingDown("a", 10)).toBe(true);
    expect(ids(list, chat, 10)).toEqual(["b", "a"]);
    expect(ids(list, chat, 1001)).toEqual(["a", "b"]);
    reportFailure("a", 1000, 1001);
    expect(ids(list, chat, 1500)).toEqual(["b", "a"]);
    reportSuccess("a");
    expect(ids(list, chat, 1500)).toEqual(["a", "b"]);
  });
});
