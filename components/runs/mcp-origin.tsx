"use client";

import { Plug } from "lucide-react";

/** A run started by an MCP client through Switchyard's /mcp endpoint: which client, for whom, when. */
export function McpOrigin({
  origin,
}: {
  origin: { clientName: string; clientVersion: string; caller: string; createdAt: Date | string } | null;
}) {
  if (!origin) return null;
  const client = origin.clientName
    ? `${origin.clientName}${origin.clientVersion ? ` ${origin.clientVersion}` : ""}`
    : "an MCP client";
  return (
    <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="mcp-origin">
      <Plug className="h-4 w-4 text-slate-500" aria-hidden />
      Started over MCP by <span className="font-medium text-slate-900">{client}</span>
      {origin.caller ? <span>for {origin.caller}</span> : null}
    </p>
  );
}
