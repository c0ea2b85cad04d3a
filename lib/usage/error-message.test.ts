import { describe, expect, it } from "vitest";
import { cleanErrorMessage, ERROR_MESSAGE_MAX } from "@/lib/usage/error-message";

describe("cleanErrorMessage", () => {
  it("keeps an upstream's plain message", () => {
    expect(cleanErrorMessage("The model `gpt-9` does not exist or you do not have access to it.")).toBe(
      "The model `gpt-9` does not exist or you do not have access to it.",
    );
  });

  it("removes keys, bearer tokens, key=value pairs and URL passwords", () => {
    const message =
      "Incorrect API key provided: sk-proj-AbCdEf1234567890. Header Authorization: Bearer abc.def.ghi; url https://user:hunter2@example.com/v1?api_key=s3cr3t&x=1 token: t0k3n";
    const cleaned = cleanErrorMessage(message) ?? "";
    for (const secret of ["sk-proj-AbCdEf1234567890", "abc.def.ghi", "hunter2", "s3cr3t", "t0k3n"]) expect(cleaned).not.toContain(secret);
    expect(cleaned).toContain("Incorrect API key provided");
    expect(cleaned).toContain("[redacted");
  });

  it("removes long key-like runs with no known prefix", () => {
    expect(cleanErrorMessage(`bad credential AIzaSyD3xampleXampleXampleXampleXample0`)).toBe("bad credential [redacted]");
  });

  it("truncates after redacting, so no half key survives", () => {
    const long = `${"x ".repeat(ERROR_MESSAGE_MAX / 2 - 5)}sk-${"a".repeat(40)} tail`;
    const cleaned = cleanErrorMessage(long) ?? "";
    expect(cleaned.length).toBeLessThanOrEqual(ERROR_MESSAGE_MAX);
    expect(cleaned).not.toMatch(/sk-a/);
  });

  it("is null for nothing useful", () => {
    expect(cleanErrorMessage(undefined)).toBeNull();
    expect(cleanErrorMessage("   ")).toBeNull();
    expect(cleanErrorMessage({ message: "x" })).toBeNull();
  });
});
