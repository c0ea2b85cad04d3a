/** A model's price, in US dollars per 1M tokens. */
export interface Price {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

/**
 * The cost of a request in US dollars × 1e9 (nano-dollars), rounded up: budgets sum integers, so
 * they stay exact however many requests they add up. $1 per 1M tokens is 1,000 nano-dollars a token.
 */
export function costNanoUsd(price: Price, promptTokens: number, completionTokens: number): number {
  // The epsilon absorbs float noise (3 × 0.1 × 1000 is 300.00000000000006); max(0, …) turns ceil's -0 into 0.
  return Math.max(0, Math.ceil(promptTokens * price.inputUsdPerMTok * 1000 + completionTokens * price.outputUsdPerMTok * 1000 - 1e-6));
}

export const NANO_PER_USD = 1e9;
