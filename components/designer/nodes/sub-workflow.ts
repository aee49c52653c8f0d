import { Workflow } from "lucide-react";
import { ERROR_HANDLE } from "@/lib/workflow/canvas";
import { str, type NodeKind } from "./kind";

export const subWorkflowKind: NodeKind = {
  type: "subWorkflow",
  label: "Run a workflow",
  hint: "Starts another published workflow, waits for it and takes its output",
  icon: Workflow,
  accent: "text-violet-700 bg-violet-50",
  handles: () => [
    { id: "next", label: "Done", tone: "normal", side: "bottom" },
    { id: ERROR_HANDLE, label: "on error", tone: "error", side: "right" },
  ],
  summary(state) {
    if (!str(state.workflowId)) return ["No workflow chosen yet"];
    return [typeof state.version === "number" ? `version ${state.version}` : "latest published version"];
  },
  create: () => ({
    type: "subWorkflow",
    title: "Run a workflow",
    workflowId: "",
    input: {},
    assign: { child: "{% $result %}" },
    next: "",
  }),
};
