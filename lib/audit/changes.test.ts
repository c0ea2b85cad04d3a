import { describe, expect, it } from "vitest";
import { createdFields, diffFields, SECRET_CHANGED } from "@/lib/audit/changes";

describe("audit changes", () => {
  it("records only the fields that changed, dates as ISO strings and lists by value", () => {
    const before = { name: "a", rpm: 10, tags: ["x"], expires: new Date("2026-01-01T00:00:00Z"), note: null as string | null };
    const after = { name: "a", rpm: 20, tags: ["x"], expires: new Date("2026-02-01T00:00:00Z"), note: "hi" };
    expect(diffFields(before, after, ["name", "rpm", "tags", "expires", "note"])).toEqual({
      rpm: { from: 10, to: 20 },
      expires: { from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z" },
      note: { from: null, to: "hi" },
    });
    expect(diffFields(before, { ...before, tags: ["x", "y"] }, ["tags"])).toEqual({ tags: { from: ["x"], to: ["x", "y"] } });
    expect(diffFields(before, before, ["name", "rpm", "tags", "expires", "note"])).toEqual({});
  });

  it("never records a secret's value, only that it was set, changed or removed", () => {
    const changes = diffFields({ apiKey: "sk-old" as string | null }, { apiKey: "sk-new" }, ["apiKey"], ["apiKey"]);
    expect(changes).toEqual({ apiKey: { from: SECRET_CHANGED, to: SECRET_CHANGED } });
    expect(diffFields({ apiKey: "sk-old" as string | null }, { apiKey: null }, ["apiKey"], ["apiKey"])).toEqual({ apiKey: { from: SECRET_CHANGED, to: null } });
    expect(JSON.stringify(createdFields({ name: "p", apiKey: "sk-secret" }, ["name", "apiKey"], ["apiKey"]))).not.toContain("sk-secret");
  });

  it("describes a new record as changes from nothing, leaving out empty fields", () => {
    expect(createdFields({ name: "k", description: null, rpm: 5, tags: [] as string[] }, ["name", "description", "rpm", "tags"])).toEqual({ name: { from: null, to: "k" }, rpm: { from: null, to: 5 } });
  });
});
