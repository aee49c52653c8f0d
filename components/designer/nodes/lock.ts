import { Lock } from "lucide-react";
import { readable, str, type NodeKind } from "./kind";

export const lockKind: NodeKind = {
  type: "lock",
  label: "Take a lock",
  hint: "Lets one run at a time (or a few) work on the same customer or order",
  icon: Lock,
  accent: "text-rose-700 bg-rose-50",
  handles: () => [{ id: "next", label: "Got it", tone: "normal", side: "bottom" }],
  summary(state) {
    const name = str(state.key) ? readable(String(state.key)) : "a lock";
    return [state.mode === "shared" ? `${name} · up to ${typeof state.limit === "number" ? state.limit : 1} at once` : name];
  },
  create: () => ({ type: "lock", title: "Take a lock", key: "customer:{% $input.customerId %}", next: "" }),
};
