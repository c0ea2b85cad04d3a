import { describe, expect, it } from "vitest";
import { formatUsd, formatUsdAxis } from "@/components/usage/format";

describe("formatUsd", () => {
  it("shows cents from a dollar up", () => {
    expect(formatUsd(1234.5678)).toBe("$1,234.57");
    expect(formatUsd(1)).toBe("$1.00");
  });

  it("keeps three significant digits below a dollar, so one request's cost is readable", () => {
    expect(formatUsd(0.5)).toBe("$0.50");
    expect(formatUsd(0.0512)).toBe("$0.0512");
    expect(formatUsd(0.000123)).toBe("$0.000123");
    expect(formatUsd(0.00012345)).toBe("$0.000123");
    expect(formatUsd(0.0013584)).toBe("$0.00136");
    expect(formatUsd(0.000000001)).toBe("$0.000000001");
  });

  it("shows every digit to the nano-dollar when asked", () => {
    expect(formatUsd(0.00012345, { exact: true })).toBe("$0.00012345");
    expect(formatUsd(12.000000042, { exact: true })).toBe("$12.000000042");
    expect(formatUsd(0.1 + 0.2, { exact: true })).toBe("$0.30");
  });

  it("says — without a price and $0.00 for nothing", () => {
    expect(formatUsd(null)).toBe("—");
    expect(formatUsd(undefined)).toBe("—");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(4e-11)).toBe("<$0.000000001");
  });
});

describe("formatUsdAxis", () => {
  it("is short at every scale", () => {
    expect(formatUsdAxis(0)).toBe("$0");
    expect(formatUsdAxis(0.0004)).toBe("$0.0004");
    // Ticks a quarter apart keep their digits: 0.00135 is not 0.0014.
    expect(formatUsdAxis(0.00135)).toBe("$0.00135");
    expect(formatUsdAxis(0.1 + 0.2)).toBe("$0.3");
    expect(formatUsdAxis(0.00015)).toBe("$0.00015");
    expect(formatUsdAxis(0.0000045)).toBe("$0.0000045");
    expect(formatUsdAxis(0.25)).toBe("$0.25");
    expect(formatUsdAxis(1.5)).toBe("$1.5");
    expect(formatUsdAxis(12_000)).toBe("$12K");
  });
});
