"use client";

import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The client configuration for Switchyard's /mcp endpoint, as MCP clients (Claude Desktop, Cursor, VS Code...) take it. */
export function mcpClientConfig(url: string, withToken: boolean): string {
  const server: Record<string, unknown> = { type: "http", url };
  if (withToken) server.headers = { Authorization: "Bearer <your API token>" };
  return JSON.stringify({ mcpServers: { switchyard: server } }, null, 2);
}

/** Settings: where MCP clients connect, and a configuration to paste into one. */
export function McpConnect({ mode }: { mode: "local" | "accounts" | undefined }) {
  // The address this browser uses is the one clients on this machine or network use too (rendered only in the
  // browser: the settings page waits for the signed-in user).
  const [url] = useState(() => (typeof window === "undefined" ? "/mcp" : `${window.location.origin}/mcp`));
  const [copied, setCopied] = useState<string | null>(null);
  const config = mcpClientConfig(url, mode === "accounts");
  const copy = (what: string, text: string) =>
    void navigator.clipboard.writeText(text).then(() => {
      setCopied(what);
      setTimeout(() => setCopied(null), 1500);
    });
  return (
    <div className="max-w-2xl space-y-3 text-sm" id="mcp">
      <div className="flex items-center gap-2">
        <span className="text-slate-500">Endpoint</span>
        <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs" data-testid="mcp-endpoint">
          {url}
        </code>
        <Button variant="secondary" onClick={() => copy("url", url)} aria-label="Copy the endpoint URL">
          {copied === "url" ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        Streamable HTTP. Workflows offered as MCP tools (workflow settings) appear as tools; so do operator tools (list workflows,
        start a run, get a run, list and resolve escalations, emit an event), by the caller&apos;s role.{" "}
        {mode === "accounts"
          ? "A client that supports OAuth needs only the endpoint: it opens a Switchyard page where you allow it, with your role or a lower one. Otherwise send an API token (below) as a bearer token, as in this configuration: its role decides what the client may do."
          : "Local mode: only clients on this machine (127.0.0.1 / localhost) can connect."}
      </p>
      <div className="relative">
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" data-testid="mcp-config">
          {config}
        </pre>
        <div className="absolute right-2 top-2">
          <Button variant="secondary" onClick={() => copy("config", config)} aria-label="Copy the client configuration">
            {copied === "config" ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
          </Button>
        </div>
      </div>
    </div>
  );
}
