export { callModel, MODEL_CALL_DEFAULTS, type ModelCallOptions, type ModelCallRequest } from "./call-model";
export { ModelCallError, MODEL_ERROR_KINDS, MODEL_RETRYABLE, type ModelCallErrorJson, type ModelErrorKind } from "./errors";
export { PROVIDER_KINDS, type ModelEndpoint, type ProviderKind } from "./provider";
export { testModelConnection, type ConnectionTestResult } from "./test-connection";
