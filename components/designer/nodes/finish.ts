import { CheckCircle2, XCircle } from "lucide-react";
import { str, type NodeKind } from "./kind";

export const succeedKind: NodeKind = {
  type: "succeed",
  label: "Finish: success",
  hint: "Ends the run successfully",
  icon: CheckCircle2,
  accent: "text-emerald-600 bg-emerald-50",
  handles: () => [],
  summary: (state) => [state.output === undefined ? "Ends the run" : "Ends the run with a result"],
  create: () => ({ type: "succeed", title: "Done" }),
};

export const failKind: NodeKind = {
  type: "fail",
  label: "Finish: failure",
  hint: "Ends the run as failed, with a reason",
  icon: XCircle,
  accent: "text-red-600 bg-red-50",
  handles: () => [],
  summary: (state) => [str(state.message) ?? str(state.error) ?? "Ends the run as failed"],
  create: () => ({ type: "fail", title: "Failed", error: "failed" }),
};
