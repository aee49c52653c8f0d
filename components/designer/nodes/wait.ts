import { Clock } from "lucide-react";
import { readable, str, type NodeKind } from "./kind";

export const waitKind: NodeKind = {
  type: "wait",
  label: "Wait",
  hint: "Waits for a time, then goes on",
  icon: Clock,
  accent: "text-slate-600 bg-slate-100",
  handles: () => [{ id: "next", tone: "normal", side: "bottom" }],
  summary: (state) => [
    str(state.until)
      ? `Until ${readable(String(state.until))}`
      : `${typeof state.seconds === "number" ? state.seconds : 0} seconds`,
  ],
  create: () => ({ type: "wait", title: "Wait", seconds: 60, next: "" }),
};
