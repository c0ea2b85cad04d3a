export { proxyEndpoint, listModelsHandler, getModelHandler, notFoundHandler, methodNotAllowed, keyUsageHandler, type ProxyEndpoint } from "@/lib/proxy/handler";
