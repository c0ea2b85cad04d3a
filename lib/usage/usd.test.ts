import { describe, expect, test } from "vitest";
import { fromNanoUsd, roundUsd, toNanoUsd, usdCsv } from "@/lib/usage/usd";

describe("dollar sums", () => {
  test("round float noise away at the nano-dollar", () => {
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
    expect(roundUsd(0.00045 * 3)).toBe(0.00135);
    expect(roundUsd(1e-10)).toBe(0);
    expect(Object.is(roundUsd(-1e-12), 0)).toBe(true);
    // Sums of many small costs stay exact to the nano-dollar.
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += 0.0000042;
    expect(sum).not.toBe(0.042);
    expect(roundUsd(sum)).toBe(0.042);
  });

  test("nano-dollar integers add without drift", () => {
    expect(toNanoUsd(0.000123)).toBe(123_000);
    expect(fromNanoUsd(toNanoUsd(0.1) + toNanoUsd(0.2))).toBe(0.3);
  });

  test("CSV cells are plain decimals, empty when there is no price", () => {
    expect(usdCsv(0.0000015)).toBe("0.0000015");
    expect(usdCsv(0.1 + 0.2)).toBe("0.3");
    expect(usdCsv(12)).toBe("12");
    expect(usdCsv(0)).toBe("0");
    expect(usdCsv(1234.000000001)).toBe("1234.000000001");
    expect(usdCsv(null)).toBe("");
  });
});
