import { CheckCircle2, CircleX } from "lucide-react";

import type { ConnectionTestResult } from "@/lib/mcp/test-result";

export type TestResult = ConnectionTestResult;

const KIND_TITLES: Record<string, string> = {
  server_unavailable: "The server could not be started or reached",
  auth_required: "The server refused our credentials",
  timeout: "The server did not answer in time",
  protocol_error: "This does not look like an MCP server",
  connection_lost: "The connection dropped",
};

/** The outcome of "Test connection": what the server is, or precisely why not. */
export function TestResultPanel({ result }: { result: TestResult }) {
  if (!result.ok) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm">
        <p className="flex items-center gap-2 font-medium text-red-800">
          <CircleX className="h-4 w-4" aria-hidden /> {KIND_TITLES[result.error.kind] ?? "The connection failed"}
        </p>
        <p className="mt-1 whitespace-pre-wrap text-red-700">{result.error.message}</p>
        {result.error.stderr && !result.error.message.includes(result.error.stderr) ? (
          <pre className="mt-2 max-h-40 overflow-auto rounded bg-white/70 p-2 font-mono text-xs text-slate-700">
            {result.error.stderr}
          </pre>
        ) : null}
      </div>
    );
  }
  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm">
      <p className="flex items-center gap-2 font-medium text-emerald-800">
        <CheckCircle2 className="h-4 w-4" aria-hidden /> Connected to {result.serverName} {result.serverVersion}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-emerald-900">
        <dt className="text-emerald-700">Protocol</dt>
        <dd>{result.protocolVersion}</dd>
        <dt className="text-emerald-700">Tools</dt>
        <dd>{result.toolCount}</dd>
        <dt className="text-emerald-700">Capabilities</dt>
        <dd>{result.capabilities.join(", ") || "none"}</dd>
        <dt className="text-emerald-700">Round trip</dt>
        <dd>
          {result.roundTripMs.toFixed(1)} ms (start-up {Math.round(result.connectMs)} ms)
        </dd>
      </dl>
    </div>
  );
}
