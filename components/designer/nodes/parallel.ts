import { Split } from "lucide-react";
import { ERROR_HANDLE } from "@/lib/workflow/canvas";
import { type NodeKind } from "./kind";

export const parallelKind: NodeKind = {
  type: "parallel",
  label: "Do at the same time",
  hint: "Runs named branches at once; goes on when all are done",
  icon: Split,
  accent: "text-teal-700 bg-teal-50",
  handles: () => [
    { id: "next", label: "All done", tone: "normal", side: "bottom" },
    { id: ERROR_HANDLE, label: "on error", tone: "error", side: "right" },
  ],
  summary(state) {
    const branches = typeof state.branches === "object" && state.branches !== null ? Object.keys(state.branches) : [];
    return [branches.length === 0 ? "No branches yet" : `${branches.length} branches: ${branches.join(", ")}`];
  },
  create: () => ({
    type: "parallel",
    title: "Do at the same time",
    branches: {
      first: { startAt: "done", states: { done: { type: "succeed" } } },
      second: { startAt: "done", states: { done: { type: "succeed" } } },
    },
    assign: { results: "{% $results %}" },
    next: "",
  }),
};
