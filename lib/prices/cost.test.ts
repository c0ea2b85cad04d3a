import { expect, test } from "vitest";
import { costNanoUsd, NANO_PER_USD } from "@/lib/prices/cost";

test("$1 per 1M tokens is 1,000 nano-dollars a token, input and output priced apart", () => {
  expect(costNanoUsd({ inputUsdPerMTok: 1, outputUsdPerMTok: 2 }, 1, 0)).toBe(1000);
  expect(costNanoUsd({ inputUsdPerMTok: 1, outputUsdPerMTok: 2 }, 0, 1)).toBe(2000);
  expect(costNanoUsd({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 }, 1_000_000, 1_000_000) / NANO_PER_USD).toBe(0.75);
});

test("a fraction of a nano-dollar rounds up, so tiny requests are never free", () => {
  expect(costNanoUsd({ inputUsdPerMTok: 0.0001, outputUsdPerMTok: 0 }, 1, 0)).toBe(1);
  expect(costNanoUsd({ inputUsdPerMTok: 0.0015, outputUsdPerMTok: 0 }, 1, 0)).toBe(2);
});

test("floating-point noise does not add a nano-dollar to an exact cost", () => {
  // In doubles 3 × 0.1 × 1000 is 300.00000000000006 and 7 × 0.1 × 1000 is 700.0000000000001.
  expect(costNanoUsd({ inputUsdPerMTok: 0.1, outputUsdPerMTok: 0 }, 3, 0)).toBe(300);
  expect(costNanoUsd({ inputUsdPerMTok: 0, outputUsdPerMTok: 0.1 }, 0, 7)).toBe(700);
  // …and 3 × 0.15 × 1000 is 449.99999999999994, still 450.
  expect(costNanoUsd({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.1 }, 3, 6)).toBe(450 + 600);
});

test("no tokens or a free model cost nothing", () => {
  expect(costNanoUsd({ inputUsdPerMTok: 5, outputUsdPerMTok: 15 }, 0, 0)).toBe(0);
  expect(costNanoUsd({ inputUsdPerMTok: 0, outputUsdPerMTok: 0 }, 1000, 1000)).toBe(0);
});
