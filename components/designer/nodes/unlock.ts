import { LockOpen } from "lucide-react";
import { readable, str, type NodeKind } from "./kind";

export const unlockKind: NodeKind = {
  type: "unlock",
  label: "Give back a lock",
  hint: "Lets the next run waiting for the lock go on",
  icon: LockOpen,
  accent: "text-rose-700 bg-rose-50",
  handles: () => [{ id: "next", tone: "normal", side: "bottom" }],
  summary: (state) => [str(state.key) ? readable(String(state.key)) : "Every lock this run holds"],
  create: () => ({ type: "unlock", title: "Give back the lock", next: "" }),
};
