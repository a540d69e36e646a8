export {
  type ApiClient,
  type ApiClientOptions,
  type ApiRequest,
  createApiClient,
  type HttpMethod,
} from "./apiClient";
export { ApiError, apiErrorFromResponse, clientErrorCodes, isApiError } from "./apiError";
export { type ClientConfig, fetchClientConfig } from "./clientConfig";
export { fetchMe, type Me } from "./me";
export {
  listSandboxAgents,
  requestSandboxToken,
  type SandboxAgent,
  type SandboxToken,
} from "./sandbox";
