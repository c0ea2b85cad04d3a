import { describe, expect, it } from "vitest";
import { anthropicErrorStatus, anthropicErrorToChat, anthropicErrorType, chatErrorToAnthropic, type AnthropicErrorType } from "@/lib/protocols/anthropic/errors";

describe("anthropicErrorType, the one map from HTTP status to Anthropic's error type", () => {
  it.each([
    [400, "invalid_request_error"],
    [401, "authentication_error"],
    [402, "billing_error"],
    [403, "permission_error"],
    [404, "not_found_error"],
    [409, "invalid_request_error"],
    [413, "request_too_large"],
    [422, "invalid_request_error"],
    [429, "rate_limit_error"],
    [500, "api_error"],
    [502, "api_error"],
    [503, "api_error"],
    [504, "timeout_error"],
    [529, "overloaded_error"],
  ])("%i → %s", (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });

  it("and back: each type's own status", () => {
    const types: AnthropicErrorType[] = ["invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error", "timeout_error", "overloaded_error"];
    for (const type of types) expect(anthropicErrorType(anthropicErrorStatus(type))).toBe(type);
  });
});

describe("errors across formats", () => {
  it("an OpenAI error body with a status takes the status's type; our own codes are sharper", () => {
    expect(chatErrorToAnthropic({ error: { message: "Too many", type: "requests", code: "rate_limit_exceeded" } }, 429)).toEqual({ type: "error", error: { type: "rate_limit_error", message: "Too many" } });
    expect(chatErrorToAnthropic({ error: { message: "slow", type: "api_error", code: "upstream_timeout" } }, 502)).toEqual({ type: "error", error: { type: "timeout_error", message: "slow" } });
    expect(chatErrorToAnthropic("<html>Bad gateway</html>", 502)).toEqual({ type: "error", error: { type: "api_error", message: "<html>Bad gateway</html>" } });
  });

  it("a mid-stream OpenAI error (no status) by its type; anything shapeless still gives a message", () => {
    expect(chatErrorToAnthropic({ error: { message: "No", type: "invalid_request_error", param: null, code: null } })).toMatchObject({ error: { type: "invalid_request_error" } });
    expect(chatErrorToAnthropic(null)).toEqual({ type: "error", error: { type: "api_error", message: "Upstream error" } });
  });

  it("an Anthropic error as OpenAI's, the Anthropic type kept as the code", () => {
    expect(anthropicErrorToChat({ type: "error", error: { type: "billing_error", message: "Add credits" } })).toEqual({ error: { message: "Add credits", type: "insufficient_quota", param: null, code: "billing_error" } });
    expect(anthropicErrorToChat({ type: "error", error: { type: "timeout_error", message: "Timed out" } })).toMatchObject({ error: { type: "server_error", code: "timeout_error" } });
    expect(anthropicErrorToChat(42)).toEqual({ error: { message: "Upstream error", type: "server_error", param: null, code: "api_error" } });
  });
});
