import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ApiError, errorBody, errorResponse, errorStatus, toErrorResponse } from "@/lib/http/errors";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("errorResponse", () => {
  test("is OpenAI's shape with the code's status and type", async () => {
    const response = errorResponse("invalid_api_key", "Invalid API key.", null, { "www-authenticate": "Bearer" });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(await response.json()).toEqual({ error: { message: "Invalid API key.", type: "authentication_error", param: null, code: "invalid_api_key" } });
  });

  test.each([
    ["missing_api_key", 401, "authentication_error"],
    ["no_api_keys", 401, "authentication_error"],
    ["invalid_json", 400, "invalid_request_error"],
    ["missing_model", 400, "invalid_request_error"],
    ["not_found", 404, "not_found_error"],
    ["method_not_allowed", 405, "invalid_request_error"],
    ["body_too_large", 413, "invalid_request_error"],
    ["upstream_unreachable", 502, "upstream_error"],
    ["upstream_timeout", 504, "upstream_error"],
    ["internal_error", 500, "server_error"],
  ] as const)("%s is %i %s", (code, status, type) => {
    expect(errorStatus(code)).toBe(status);
    expect(errorBody(code, "m").error).toEqual({ message: "m", type, param: null, code });
  });
});

describe("toErrorResponse", () => {
  test("an ApiError keeps its code, message, param and headers", async () => {
    const response = toErrorResponse(new ApiError("missing_model", "`model` is required", "model", { "x-extra": "1" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("x-extra")).toBe("1");
    expect(await response.json()).toEqual({ error: { message: "`model` is required", type: "invalid_request_error", param: "model", code: "missing_model" } });
  });

  test("a ZodError is 400 validation_error with every failing field", async () => {
    const schema = z.object({ name: z.string().min(1, "Name is required"), limits: z.object({ rpm: z.number().int("Whole numbers only") }) });
    const result = schema.safeParse({ name: "", limits: { rpm: 1.5 } });
    expect(result.success).toBe(false);
    const response = toErrorResponse(result.error);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "validation_error", param: "name", message: "name: Name is required" });
    expect(body.error.fields).toEqual({ name: "Name is required", "limits.rpm": "Whole numbers only" });
  });

  test("a ZodError about the whole object is reported under `_`", async () => {
    const schema = z.object({ a: z.string().optional() }).refine((v) => v.a !== undefined, "Give at least one field");
    const result = schema.safeParse({});
    const body = (await toErrorResponse(result.error).json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: "validation_error", param: null, message: "Give at least one field", fields: { _: "Give at least one field" } });
  });

  test("anything else is a logged 500 whose body hides the cause but carries a request id", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = toErrorResponse(new Error("connection string postgres://user:hunter2@db"));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string; code: string; type: string; request_id: string } };
    expect(body.error).toMatchObject({ code: "internal_error", type: "server_error" });
    expect(body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.message).toContain(body.error.request_id);
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain(body.error.request_id);
  });

  test("non-Error throwables are handled too", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(toErrorResponse("a string").status).toBe(500);
    expect(toErrorResponse(undefined).status).toBe(500);
  });
});
