import { describe, expect, it } from "vitest";
import { createProviderSchema } from "@/lib/providers/schemas";

describe("provider base URL", () => {
  it("refuses a user name or password in the URL (viewers read base URLs): the key goes in apiKey", () => {
    for (const baseUrl of ["https://user:secret@api.example.com/v1", "https://token@api.example.com/v1"]) {
      const result = createProviderSchema.safeParse({ name: "P", baseUrl });
      expect(result.success, baseUrl).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toContain("Base URL must not contain a user name or password: put the key in API key");
    }
    const plain = createProviderSchema.safeParse({ name: "P", baseUrl: "https://api.example.com/v1/" });
    expect(plain.success).toBe(true);
    expect(plain.data?.baseUrl).toBe("https://api.example.com/v1");
  });
});
