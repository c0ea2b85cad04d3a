import { describe, expect, it } from "vitest";
import { actionLabel, actionTone, changeLines } from "@/components/audit/format";

describe("audit entries as the page shows them", () => {
  it("names actions in words, unknown ones as they are", () => {
    expect(actionLabel("key.created")).toBe("Key created");
    expect(actionLabel("auth.sign_in_failed")).toBe("Sign-in failed");
    expect(actionLabel("key.exploded")).toBe("key.exploded");
    expect(actionTone("key.deleted")).toBe("danger");
    expect(actionTone("key.disabled")).toBe("warning");
    expect(actionTone("key.revealed")).toBe("info");
    expect(actionTone("settings.updated")).toBe("neutral");
  });

  it("writes each change as field: from → to, a new value alone, lists joined and facts plainly", () => {
    expect(
      changeLines({
        changes: { rpmLimit: { from: 60, to: 120 }, name: { from: null, to: "Prod" }, tags: { from: [], to: ["team:a", "env:prod"] }, apiKey: { from: "(changed)", to: null }, deletedLogs: 3 },
      }),
    ).toEqual(["rpmLimit: 60 → 120", "name: Prod", "tags: none → team:a, env:prod", "apiKey: (changed) → none", "deletedLogs: 3"]);
    expect(changeLines({ changes: null })).toEqual([]);
  });
});
