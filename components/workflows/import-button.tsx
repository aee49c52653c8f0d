"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ProblemList } from "@/components/ui/problem-list";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "./error-message";

/** Imports a workflow JSON file, as a new workflow or into an existing draft. */
export function ImportButton({ workflowId, label = "Import JSON" }: { workflowId?: string; label?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState("");
  const importJson = useMutation(
    trpc.workflows.importJson.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        if (!workflowId) router.push(`/workflows/${id}`);
      },
    }),
  );
  const failure = importJson.error ? describeError(importJson.error) : null;
  return (
    <>
      <Button onClick={() => input.current?.click()} disabled={importJson.isPending}>
        <Upload className="h-4 w-4" aria-hidden />
        {importJson.isPending ? "Importing…" : label}
      </Button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="hidden"
        data-testid="import-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (!file) return;
          setFileName(file.name);
          importJson.mutate({ text: await file.text(), ...(workflowId ? { workflowId } : {}) });
        }}
      />
      <Dialog open={failure !== null} onClose={() => importJson.reset()} title={`Cannot import ${fileName}`}>
        <p className="text-sm text-slate-700">{failure?.message}</p>
        {failure && failure.problems.length > 0 ? (
          <div className="mt-3 max-h-80 overflow-auto">
            <ProblemList problems={failure.problems} />
          </div>
        ) : null}
        <p className="mt-3 text-xs text-slate-500">Nothing was imported. Fix the file and try again.</p>
        <div className="mt-4 flex justify-end">
          <Button onClick={() => importJson.reset()}>Close</Button>
        </div>
      </Dialog>
    </>
  );
}
