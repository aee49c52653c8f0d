"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ProblemList } from "@/components/ui/problem-list";
import { useTRPC } from "@/components/providers/trpc-provider";
import { readWorkflowFile, type ImportRead } from "@/lib/workflow/import-file";
import type { Problem } from "@/lib/workflow/problems";
import { describeError } from "./error-message";

type Refusal = { message: string; problems: Problem[]; unfinishedAllowed: boolean };

/**
 * Imports a workflow JSON file as a new workflow. The file is read in the browser first: what can never be imported
 * (not JSON, empty, a key twice) is explained at once; a draft with errors (exported unfinished) can be imported as an
 * unfinished draft on request. With `onRead`, the file goes to the caller instead (the designer's import into the
 * open draft, which asks first and can be undone).
 */
export function ImportButton({
  label = "Import JSON",
  onRead,
}: {
  label?: string;
  onRead?: (draft: Record<string, unknown>, fileName: string) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const importJson = useMutation(
    trpc.workflows.importJson.mutationOptions({
      onSuccess: async ({ id }) => {
        setRefusal(null);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        router.push(`/workflows/${id}`);
      },
      onError: (error) => setRefusal({ ...describeError(error), unfinishedAllowed: false }),
    }),
  );
  const take = (read: ImportRead, name: string, text: string, unfinished: boolean) => {
    if (!read.ok) return setRefusal(read);
    setRefusal(null);
    if (onRead) onRead(read.draft, name);
    else importJson.mutate({ text, ...(unfinished ? { unfinished: true } : {}) });
  };
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
          const chosen = e.target.files?.[0];
          e.target.value = "";
          if (!chosen) return;
          const text = await chosen.text();
          setFile({ name: chosen.name, text });
          take(readWorkflowFile(text, false), chosen.name, text, false);
        }}
      />
      <Dialog open={refusal !== null} onClose={() => setRefusal(null)} title={`Cannot import ${file?.name ?? "the file"}`}>
        <p className="text-sm text-slate-700">{refusal?.message}</p>
        {refusal && refusal.problems.length > 0 ? (
          <div className="mt-3 max-h-80 overflow-auto">
            <ProblemList problems={refusal.problems} />
          </div>
        ) : null}
        <p className="mt-3 text-xs text-slate-500">
          Nothing was imported.{" "}
          {refusal?.unfinishedAllowed
            ? "It looks like an unfinished draft: import it as a draft and fix the problems in the designer, or fix the file."
            : "Fix the file and try again."}
        </p>
        <div className="mt-4 flex justify-end gap-2">
          {refusal?.unfinishedAllowed && file ? (
            <Button onClick={() => take(readWorkflowFile(file.text, true), file.name, file.text, true)}>
              Import as an unfinished draft
            </Button>
          ) : null}
          <Button onClick={() => setRefusal(null)}>Close</Button>
        </div>
      </Dialog>
    </>
  );
}
