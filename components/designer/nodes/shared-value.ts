import { Database } from "lucide-react";
import { ERROR_HANDLE } from "@/lib/workflow/canvas";
import { readable, str, type NodeKind } from "./kind";

export const sharedValueKind: NodeKind = {
  type: "sharedValue",
  label: "Shared value",
  hint: "Reads or updates a value all runs share, safely when two update it at once",
  icon: Database,
  accent: "text-teal-700 bg-teal-50",
  handles: () => [
    { id: "next", tone: "normal", side: "bottom" },
    { id: ERROR_HANDLE, label: "on error", tone: "error", side: "right" },
  ],
  summary: (state) => [`${state.action === "write" ? "Update" : "Read"} ${str(state.key) ? readable(String(state.key)) : "?"}`],
  create: () => ({
    type: "sharedValue",
    title: "Read a shared value",
    action: "read",
    key: "escalations:{% $input.customerId %}",
    assign: { counter: "{% $shared %}" },
    next: "",
  }),
};
