export { proxyEndpoint, listModelsHandler, getModelHandler, notFoundHandler, keyUsageHandler, type ProxyEndpoint } from "@/lib/proxy/handler";
export { proxyMultipart, type UploadEndpoint } from "@/lib/proxy/upload-handler";
// One 405 for /v1 and /api.
export { methodNotAllowed } from "@/lib/http/methods";
