import { Repeat } from "lucide-react";
import { ERROR_HANDLE } from "@/lib/workflow/canvas";
import { readable, str, type NodeKind } from "./kind";

export const mapKind: NodeKind = {
  type: "map",
  label: "For each item",
  hint: "Runs the same steps for every item of a list, a few at a time",
  icon: Repeat,
  accent: "text-indigo-700 bg-indigo-50",
  handles: () => [
    { id: "next", label: "All done", tone: "normal", side: "bottom" },
    { id: ERROR_HANDLE, label: "on error", tone: "error", side: "right" },
  ],
  summary(state) {
    const list = str(state.items) ? readable(String(state.items)) : "a list";
    const at = typeof state.maxConcurrency === "number" ? state.maxConcurrency : 10;
    return [`each of ${list}`, `${at} at a time`];
  },
  create: () => ({
    type: "map",
    title: "For each item",
    items: "{% $input.items %}",
    maxConcurrency: 10,
    itemBody: { startAt: "done", states: { done: { type: "succeed", output: "{% $item %}" } } },
    assign: { results: "{% $results %}" },
    next: "",
  }),
};
