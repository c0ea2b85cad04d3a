import { describe, expect, it } from "vitest";
import { cronAuthorized } from "@/lib/auth/cron";

const SECRET = "a-cron-secret-of-some-length";

describe("cronAuthorized", () => {
  it("lets in exactly the bearer secret", () => {
    expect(cronAuthorized(`Bearer ${SECRET}`, SECRET)).toBe(true);
    expect(cronAuthorized(`bearer ${SECRET} `, SECRET)).toBe(true);
  });

  it("refuses no header, another scheme, another or a longer secret", () => {
    expect(cronAuthorized(null, SECRET)).toBe(false);
    expect(cronAuthorized("", SECRET)).toBe(false);
    expect(cronAuthorized(SECRET, SECRET)).toBe(false);
    expect(cronAuthorized(`Basic ${SECRET}`, SECRET)).toBe(false);
    expect(cronAuthorized("Bearer wrong", SECRET)).toBe(false);
    expect(cronAuthorized(`Bearer ${SECRET}x`, SECRET)).toBe(false);
    expect(cronAuthorized(`Bearer ${SECRET.slice(0, -1)}`, SECRET)).toBe(false);
  });
});
