/**
 * The model port: how the runtime calls a model for an agent step. The adapter
 * (server/services/agents/model-port.ts) finds the provider and the tools' schemas and
 * calls server/models; the runtime only delivers the outcome as an event.
 */
import type { ModelCallCommand, ModelOutcome } from "../core/types";

export interface ModelPort {
  /** Never rejects: a failure is an outcome with a typed error (kind model_error, retryable or not). */
  call(runId: string, call: ModelCallCommand, signal: AbortSignal): Promise<ModelOutcome>;
}
