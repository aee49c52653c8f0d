import { Bot } from "lucide-react";
import { ERROR_HANDLE } from "@/lib/workflow/canvas";
import { str, type NodeKind } from "./kind";

export const agentKind: NodeKind = {
  type: "agent",
  label: "AI agent",
  hint: "An AI model works on a task with the tools you choose, within budgets",
  icon: Bot,
  accent: "text-fuchsia-700 bg-fuchsia-50",
  handles: () => [
    { id: "next", tone: "normal", side: "bottom" },
    { id: ERROR_HANDLE, label: "on error", tone: "error", side: "right" },
  ],
  summary: (state) => {
    const model = state.model as { model?: unknown } | undefined;
    const tools = Array.isArray(state.tools) ? state.tools.length : 0;
    return [`${str(model?.model) ?? "no model chosen"} · ${tools} tool${tools === 1 ? "" : "s"}`];
  },
  create: () => ({
    type: "agent",
    title: "AI agent",
    instructions: "Describe the task.",
    model: { provider: "", model: "" },
    tools: [],
    next: "",
  }),
};
