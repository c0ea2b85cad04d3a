export * from "@/lib/providers/providers";
export { getUpstreams, listModels, resolveUpstream, type ModelEntry, type Upstream } from "@/lib/providers/registry";
export { testConnection, testProviderConnection } from "@/lib/providers/test-connection";
export * from "@/lib/providers/schemas";
