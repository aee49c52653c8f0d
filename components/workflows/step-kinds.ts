import { CheckCircle2, Clock, GitBranch, UserRound, Wrench, XCircle, type LucideIcon } from "lucide-react";
import type { StateType } from "@/lib/workflow/schema";

/** How each kind of step is named and drawn in the UI. */
export const STEP_KINDS: Record<StateType, { label: string; icon: LucideIcon; color: string }> = {
  tool: { label: "Tool call", icon: Wrench, color: "text-brand-600 bg-brand-50" },
  choice: { label: "Decision", icon: GitBranch, color: "text-violet-600 bg-violet-50" },
  human: { label: "Person decides", icon: UserRound, color: "text-amber-700 bg-amber-50" },
  wait: { label: "Wait", icon: Clock, color: "text-slate-600 bg-slate-100" },
  succeed: { label: "Finish: success", icon: CheckCircle2, color: "text-emerald-600 bg-emerald-50" },
  fail: { label: "Finish: failure", icon: XCircle, color: "text-red-600 bg-red-50" },
};

export function stepKind(type: unknown) {
  return typeof type === "string" && type in STEP_KINDS ? STEP_KINDS[type as StateType] : null;
}
