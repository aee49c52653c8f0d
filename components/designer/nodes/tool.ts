import { Wrench } from "lucide-react";
import { ERROR_HANDLE } from "@/lib/workflow/canvas";
import { seconds, str, type NodeKind } from "./kind";

export const toolKind: NodeKind = {
  type: "tool",
  label: "Tool call",
  hint: "Calls a tool of a connected MCP server",
  icon: Wrench,
  accent: "text-brand-600 bg-brand-50",
  handles: () => [
    { id: "next", tone: "normal", side: "bottom" },
    { id: ERROR_HANDLE, label: "on error", tone: "error", side: "right" },
  ],
  summary(state) {
    const parts: string[] = [];
    const retry = state.retry as { maxAttempts?: number } | undefined;
    if (retry?.maxAttempts && retry.maxAttempts > 1) parts.push(`${retry.maxAttempts} tries`);
    const limit = seconds(state.timeoutMs);
    if (limit) parts.push(`limit ${limit}`);
    if (state.compensate) parts.push("can undo");
    return [`${str(state.server) ?? "?"} · ${str(state.tool) ?? "choose a tool"}`, parts.join(" · ")].filter(Boolean);
  },
  create: () => ({ type: "tool", title: "Tool call", server: "", tool: "", input: {}, next: "" }),
};
