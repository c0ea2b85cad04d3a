import type { ModelPrice } from "@/lib/prices/schemas";

export interface PriceFormValues {
  pattern: string;
  input: string;
  output: string;
}

export const EMPTY_PRICE: PriceFormValues = { pattern: "", input: "", output: "" };

export function valuesFromPrice(price: Pick<ModelPrice, "pattern" | "inputUsdPerMTok" | "outputUsdPerMTok">): PriceFormValues {
  return { pattern: price.pattern, input: String(price.inputUsdPerMTok), output: String(price.outputUsdPerMTok) };
}

/** An empty field is undefined (the schema says "required"), "$2.50" is 2.5, anything else not a number is NaN. */
function parseUsd(text: string): number | undefined {
  const trimmed = text.trim().replace(/^\$\s*/, "");
  return trimmed === "" ? undefined : Number(trimmed);
}

/** What the API's schema checks, in the browser first and then on the server. */
export function toPriceInput(values: PriceFormValues) {
  return { pattern: values.pattern, inputUsdPerMTok: parseUsd(values.input), outputUsdPerMTok: parseUsd(values.output) };
}
