import { Megaphone } from "lucide-react";
import { readable, str, type NodeKind } from "./kind";

export const emitKind: NodeKind = {
  type: "emit",
  label: "Announce an event",
  hint: "Tells other workflows that something happened, then goes on",
  icon: Megaphone,
  accent: "text-sky-700 bg-sky-50",
  handles: () => [{ id: "next", tone: "normal", side: "bottom" }],
  summary: (state) => [
    `Announces ${str(state.eventType) ?? "an event"}${str(state.key) ? ` for ${readable(String(state.key))}` : ""}`,
  ],
  create: () => ({ type: "emit", title: "Announce an event", eventType: "case.updated", next: "" }),
};
