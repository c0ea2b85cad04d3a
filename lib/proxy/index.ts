export { proxyEndpoint, listModelsHandler, getModelHandler, notFoundHandler, methodNotAllowed, type ProxyEndpoint } from "@/lib/proxy/handler";
