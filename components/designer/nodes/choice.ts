import { GitBranch } from "lucide-react";
import { list, readable, str, type NodeKind } from "./kind";

export const choiceKind: NodeKind = {
  type: "choice",
  label: "Decision",
  hint: "Goes one way or another depending on the data",
  icon: GitBranch,
  accent: "text-violet-600 bg-violet-50",
  handles: (state) => [
    ...list(state.choices).map((c, i) => ({
      id: `choice-${i}`,
      label: str(c.label) ?? `If ${i + 1}`,
      tone: "normal" as const,
      side: "bottom" as const,
    })),
    { id: "default", label: "Otherwise", tone: "normal", side: "bottom" },
  ],
  summary(state) {
    const n = list(state.choices).length;
    const first = str(list(state.choices)[0]?.when);
    return [n === 1 && first ? readable(first) : `${n} condition${n === 1 ? "" : "s"} + otherwise`];
  },
  create: () => ({ type: "choice", title: "Decision", choices: [{ label: "Yes", when: "{% true %}", next: "" }] }),
};
