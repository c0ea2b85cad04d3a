export { proxyEndpoint, listModelsHandler, getModelHandler, notFoundHandler, methodNotAllowed, keyUsageHandler, type ProxyEndpoint } from "@/lib/proxy/handler";
export { proxyMultipart, type UploadEndpoint } from "@/lib/proxy/upload-handler";
