import { describe, expect, it } from "vitest";
import { trace } from "@opentelemetry/api";
import { getTracing, getTracingObserver } from "./tracing";
import { VersionDirectory } from "./versions";
import { resetEnv } from "../env";

describe("tracing off", () => {
  it("registers nothing without OTEL_EXPORTER_OTLP_ENDPOINT: no observer, the API's no-op tracer", () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    resetEnv();
    expect(getTracing()).toBeNull();
    expect(getTracingObserver(new VersionDirectory(() => Promise.resolve(null)))).toBeUndefined();
    const span = trace.getTracer("x").startSpan("s");
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});
