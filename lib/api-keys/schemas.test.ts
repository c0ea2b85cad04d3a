import { describe, expect, test } from "vitest";
import { createApiKeySchema, updateApiKeySchema } from "@/lib/api-keys/schemas";

describe("createApiKeySchema", () => {
  test("trims the name and turns an empty description into null", () => {
    expect(createApiKeySchema.parse({ name: "  CI  ", description: "  " })).toEqual({ name: "CI", description: null, owner: null });
    expect(createApiKeySchema.parse({ name: "CI" })).toEqual({ name: "CI", description: null, owner: null });
  });

  test.each([
    [{ name: "" }, "Name is required"],
    [{}, "Name is required"],
    [{ name: "x".repeat(101) }, "Name must be at most 100 characters"],
  ])("refuses %j: %s", (input, message) => {
    const result = createApiKeySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  test("refuses fields it does not know (no writing usageCount or the hash)", () => {
    expect(createApiKeySchema.safeParse({ name: "x", usageCount: 5 }).success).toBe(false);
  });
});

describe("updateApiKeySchema", () => {
  test("leaves out what the caller left out, so the update changes nothing else", () => {
    expect(updateApiKeySchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(updateApiKeySchema.parse({ name: " New " })).toEqual({ name: "New" });
  });

  test("null or an empty description clears it", () => {
    expect(updateApiKeySchema.parse({ description: null })).toEqual({ description: null });
    expect(updateApiKeySchema.parse({ description: "" })).toEqual({ description: null });
  });

  test("an update with nothing to change is refused", () => {
    expect(updateApiKeySchema.safeParse({}).success).toBe(false);
  });
});
