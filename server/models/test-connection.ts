/**
 * Test connection for a model provider (Settings -> Models): lists the provider's
 * models (`GET {baseUrl}/models`, which both API families offer and which costs no
 * tokens) with the key, bounded in time and size, and says which of the configured
 * models the provider knows. The key never appears in the answer.
 */
import { boundedFetch } from "./bounded-fetch";
import { ModelCallError } from "./errors";
import type { ModelEndpoint } from "./provider";

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  /** Model ids the provider listed (at most 200). */
  available: string[];
  /** Configured model ids the provider did not list (some providers list only a few). */
  missing: string[];
  latencyMs: number;
}

const MAX_BYTES = 1024 * 1024;

export async function testModelConnection(
  endpoint: Omit<ModelEndpoint, "modelId">,
  configured: string[],
  timeoutMs = 10_000,
): Promise<ConnectionTestResult> {
  const started = performance.now();
  const site = { provider: endpoint.provider, model: "(list)", apiKey: endpoint.apiKey };
  const fetchBounded = boundedFetch(MAX_BYTES, site);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetchBounded(`${endpoint.baseUrl.replace(/\/+$/, "")}/models`, {
      headers: headers(endpoint),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 401 || response.status === 403)
      return failed(`The provider refused the API key (HTTP ${response.status})`, elapsed());
    if (!response.ok) return failed(`The provider answered HTTP ${response.status} to GET /models`, elapsed());
    const available = modelIds(await response.json().catch(() => null));
    const missing = configured.filter((m) => !available.includes(m));
    const listed = available.length === 0 ? "it listed no models" : `it lists ${available.length} model(s)`;
    return {
      ok: true,
      message: `Connected: ${listed}${missing.length ? `; not listed: ${missing.join(", ")}` : ""}`,
      available: available.slice(0, 200),
      missing,
      latencyMs: elapsed(),
    };
  } catch (err) {
    const reason =
      err instanceof ModelCallError
        ? err.message
        : err instanceof Error && err.name === "TimeoutError"
          ? `no answer within ${timeoutMs / 1000} s`
          : `could not reach ${endpoint.baseUrl}: ${redact(err instanceof Error ? err.message : String(err), endpoint.apiKey)}`;
    return failed(reason, elapsed());
  }
}

function headers(endpoint: Omit<ModelEndpoint, "modelId">): Record<string, string> {
  if (endpoint.kind === "anthropic")
    return { "x-api-key": endpoint.apiKey ?? "", "anthropic-version": "2023-06-01", accept: "application/json" };
  return { accept: "application/json", ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) };
}

function modelIds(body: unknown): string[] {
  const data = body && typeof body === "object" && "data" in body ? body.data : null;
  if (!Array.isArray(data)) return [];
  return data.flatMap((m: unknown) =>
    m && typeof m === "object" && "id" in m && typeof m.id === "string" ? [m.id.slice(0, 200)] : [],
  );
}

function failed(message: string, latencyMs: number): ConnectionTestResult {
  return { ok: false, message: message.slice(0, 500), available: [], missing: [], latencyMs };
}

function redact(text: string, key: string | undefined): string {
  return key ? text.split(key).join("[key]") : text;
}
