import { describe, expect, it } from "vitest";
import { createApiKeySchema, updateApiKeySchema } from "@/lib/api-keys/schemas";

describe("API key schemas", () => {
  it("leaves the description alone when an update does not mention it", () => {
    expect(updateApiKeySchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(updateApiKeySchema.parse({ name: "Renamed" })).toEqual({ name: "Renamed" });
  });

  it("clears the description when an update sends it empty or null", () => {
    expect(updateApiKeySchema.parse({ description: "" })).toEqual({ description: null });
    expect(updateApiKeySchema.parse({ description: null })).toEqual({ description: null });
    expect(updateApiKeySchema.parse({ description: "  Backend  " })).toEqual({ description: "Backend" });
  });

  it("creates keys without a description as null", () => {
    expect(createApiKeySchema.parse({ name: "Production" })).toEqual({ name: "Production", description: null });
  });
});
