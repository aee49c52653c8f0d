import { BellRing } from "lucide-react";
import { readable, str, type NodeKind } from "./kind";

export const waitForEventKind: NodeKind = {
  type: "waitForEvent",
  label: "Wait for an event",
  hint: "Pauses the run until another workflow or system announces something",
  icon: BellRing,
  accent: "text-sky-700 bg-sky-50",
  handles: (state) => [
    { id: "next", label: "Event came", tone: "normal", side: "bottom" },
    ...(typeof state.timeoutSeconds === "number"
      ? [{ id: "timeout", label: "No event in time", tone: "timeout" as const, side: "right" as const }]
      : []),
  ],
  summary(state) {
    const key = str(state.key) ? ` for ${readable(String(state.key))}` : "";
    const parts = [`${str(state.eventType) ?? "An event"}${key}`];
    if (typeof state.timeoutSeconds === "number") parts.push(`at most ${Math.round(state.timeoutSeconds / 60)} min`);
    return [parts.join(" · ")];
  },
  create: () => ({ type: "waitForEvent", title: "Wait for an event", eventType: "case.updated", next: "" }),
};
