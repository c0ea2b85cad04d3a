export { cachedPriceBook, getPriceBook, type PriceBook, type ResolvedPrice } from "@/lib/prices/book";
export { costNanoUsd, NANO_PER_USD, type Price } from "@/lib/prices/cost";
export * from "@/lib/prices/prices";
export * from "@/lib/prices/schemas";
