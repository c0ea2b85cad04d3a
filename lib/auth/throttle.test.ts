import { describe, expect, it } from "vitest";
import { lockSeconds } from "@/lib/auth/throttle";

describe("lockSeconds", () => {
  it("does not lock below the threshold", () => {
    expect(lockSeconds(0, 5)).toBe(0);
    expect(lockSeconds(4, 5)).toBe(0);
  });

  it("doubles from 30 seconds at the threshold", () => {
    expect([5, 6, 7, 8].map((f) => lockSeconds(f, 5))).toEqual([30, 60, 120, 240]);
  });

  it("never locks longer than 15 minutes", () => {
    expect(lockSeconds(50, 5)).toBe(900);
    expect(lockSeconds(1_000_000, 5)).toBe(900);
  });
});
