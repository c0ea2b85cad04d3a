import { describe, expect, it } from "vitest";
import { ApiClientError } from "@/components/api/client";
import { serverFieldErrors, validate } from "@/components/forms/field-errors";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import { createProviderSchema } from "@/lib/providers/schemas";

describe("validate", () => {
  it("returns the parsed value when the API's schema accepts it", () => {
    expect(validate(createApiKeySchema, { name: "  Production ", description: "" })).toEqual({ ok: true, data: { name: "Production", description: null, owner: null } });
  });

  it("returns one message per field, nested paths also on their field", () => {
    const result = validate(createProviderSchema, { name: "", baseUrl: "ftp://x", models: [""], allModels: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe("Name is required");
    expect(result.errors.baseUrl).toMatch(/http\(s\) URL/);
    expect(result.errors.models).toBe("Model ids cannot be empty");
  });
});

describe("serverFieldErrors", () => {
  it("takes the server's error.fields for the form", () => {
    const error = new ApiClientError("name: taken", 409, "conflict", { name: "taken", "models.1": "bad id" });
    expect(serverFieldErrors(error)).toEqual({ name: "taken", "models.1": "bad id", models: "bad id" });
    expect(serverFieldErrors(new Error("x"))).toEqual({});
  });
});
