import fc from "fast-check";
import { expect, test } from "vitest";
import { LeanHeaders } from "@/lib/http/lean-headers.mjs";

const sorted = (headers: Iterable<[string, string]>) => [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

test("reads Node's parsed request headers as a Web Headers would, and nothing an object inherits", () => {
  const headers = new LeanHeaders({ authorization: "Bearer sk-1", "set-cookie": ["a=1", "b=2"], accept: ["x", "y"] } as never);
  expect(headers.get("Authorization")).toBe("Bearer sk-1");
  expect(headers.get("accept")).toBe("x, y");
  expect(headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "missing"]) {
    expect(headers.get(name)).toBeNull();
    expect(headers.has(name)).toBe(false);
  }
  const seen: [string, string][] = [];
  headers.forEach((value, name) => seen.push([name, value]));
  expect(sorted(seen)).toEqual([["accept", "x, y"], ["authorization", "Bearer sk-1"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
});

// Any sequence of writes leaves a LeanHeaders reading exactly as a real Headers does (order aside:
// a Headers sorts its names, a LeanHeaders keeps them as they came).
test("any sequence of set, append and delete reads as on a real Headers", () => {
  const name = fc.constantFrom("Content-Type", "content-type", "X-Trace", "x-trace", "Set-Cookie", "set-cookie", "accept");
  const value = fc.stringMatching(/^[a-z0-9=;, ]{0,8}[a-z0-9]$/);
  const op = fc.oneof(
    fc.tuple(fc.constant("set" as const), name, value),
    fc.tuple(fc.constant("append" as const), name, value),
    fc.tuple(fc.constant("delete" as const), name, fc.constant("")),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 20 }), (ops) => {
      const lean = new LeanHeaders();
      const real = new Headers();
      for (const [kind, n, v] of ops) {
        if (kind === "delete") {
          lean.delete(n);
          real.delete(n);
        } else {
          lean[kind](n, v);
          real[kind](n, v);
        }
      }
      expect(sorted(lean)).toEqual(sorted(real));
      expect(lean.getSetCookie()).toEqual(real.getSetCookie());
      for (const n of ["content-type", "X-Trace", "set-cookie", "accept"]) {
        expect(lean.get(n)).toBe(real.get(n));
        expect(lean.has(n)).toBe(real.has(n));
      }
    }),
  );
});
