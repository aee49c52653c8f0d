"use client";

import { useState } from "react";
import { Check, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { describeError } from "@/components/workflows/error-message";
import type { Resolution } from "@/lib/inbox/escalations";
import { AgentTranscript } from "@/components/runs/agent-transcript";
import type { AgentMessage } from "@/lib/agent/messages";
import { NameFirstHint } from "./decision-fields";
import { useResolveEscalation } from "./use-inbox-actions";

export interface AgentCallView {
  server: string;
  tool: string;
  args: unknown;
  transcript: AgentMessage[];
}

/** An AI agent's proposed call: its reasoning so far, the call, and approve (arguments editable) or reject with a reason. */
export function AgentApproval({
  id,
  by,
  call,
  actionable,
  onActed,
}: {
  id: string;
  by: string;
  call: AgentCallView;
  actionable: boolean;
  onActed: (error: string | null) => void;
}) {
  const original = JSON.stringify(call.args, null, 2);
  const [args, setArgs] = useState(original);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const resolve = useResolveEscalation(onActed);
  const act = (resolution: Resolution) => resolve.mutate({ id, by, resolution });
  const approve = () => {
    if (args.trim() === original.trim()) return act({ action: "option", optionId: "approve" });
    try {
      const parsed = JSON.parse(args) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
        return setProblem("The arguments must be a JSON object");
      setProblem(null);
      act({ action: "option", optionId: "approve", data: { args: parsed } });
    } catch {
      setProblem("The arguments are not valid JSON");
    }
  };
  const disabled = resolve.isPending || by.trim() === "";
  const edited = args.trim() !== original.trim();
  return (
    <div className="space-y-5">
      <section>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">The agent&apos;s reasoning so far</h3>
        <AgentTranscript messages={call.transcript} compact />
      </section>
      <section aria-label="Proposed call" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
        <h3 className="text-sm font-semibold text-amber-900">
          Proposed call: <span className="font-mono">{`${call.server}.${call.tool}`}</span>
        </h3>
        {actionable ? (
          <>
            <label className="mt-2 block text-sm">
              <span className="font-medium text-slate-800">Arguments (edit before approving if needed)</span>
              <TextArea
                rows={Math.min(12, original.split("\n").length + 1)}
                value={args}
                onChange={(e) => setArgs(e.target.value)}
                aria-label="Arguments"
              />
            </label>
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <Button variant="primary" disabled={disabled} onClick={approve}>
                <Check className="h-4 w-4" aria-hidden /> {edited ? "Approve with these arguments" : "Approve the call"}
              </Button>
              {edited ? (
                <Button variant="ghost" onClick={() => setArgs(original)}>
                  Undo my edits
                </Button>
              ) : null}
            </div>
            <label className="mt-4 block text-sm">
              <span className="font-medium text-slate-800">Reason for rejecting (the agent reads it)</span>
              <TextArea
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="e.g. Refunds over 10 need a manager"
              />
            </label>
            <Button
              className="mt-2"
              variant="danger"
              disabled={disabled || reason.trim() === ""}
              onClick={() => act({ action: "option", optionId: "reject", data: { reason } })}
            >
              <X className="h-4 w-4" aria-hidden /> Reject the call
            </Button>
          </>
        ) : (
          <pre className="mt-2 overflow-x-auto text-xs">{original}</pre>
        )}
      </section>
      {actionable ? <NameFirstHint by={by} what="decision" /> : null}
      {problem ? (
        <p role="alert" className="text-sm text-red-600">
          {problem}
        </p>
      ) : null}
      {resolve.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {describeError(resolve.error).message}
        </p>
      ) : null}
    </div>
  );
}
