import { UserRound } from "lucide-react";
import { list, str, type NodeKind } from "./kind";

export const humanKind: NodeKind = {
  type: "human",
  label: "Ask a person",
  hint: "Pauses the run until someone decides in the inbox",
  icon: UserRound,
  accent: "text-amber-700 bg-amber-50",
  handles: (state) => [
    ...list(state.options).map((o, i) => ({
      id: `option-${i}`,
      label: str(o.label) ?? `Option ${i + 1}`,
      tone: "normal" as const,
      side: "bottom" as const,
    })),
    ...(typeof state.slaMinutes === "number"
      ? [{ id: "timeout", label: "SLA passed", tone: "timeout" as const, side: "right" as const }]
      : []),
  ],
  summary(state) {
    const parts = [str(state.assigneeGroup) ? `Group ${String(state.assigneeGroup)}` : "Anyone"];
    if (typeof state.slaMinutes === "number") parts.push(`SLA ${state.slaMinutes} min`);
    return [parts.join(" · ")];
  },
  create: () => ({
    type: "human",
    title: "Ask a person",
    message: "",
    options: [
      { id: "approve", label: "Approve", next: "" },
      { id: "reject", label: "Reject", next: "" },
    ],
  }),
};
