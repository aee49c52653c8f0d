"use client";

import { useCallback, useEffect } from "react";
import { useTRPCClient } from "@/components/providers/trpc-provider";
import { placeMissing, type Draft } from "@/lib/workflow/canvas";
import { useEditorStore } from "./editor-context";

/**
 * Follows the server's draft: when it moves ahead of ours (an import, another
 * tab) and we have nothing unsaved, load it; with unsaved edits, flag a
 * conflict and let the person choose. Returns "load theirs".
 */
export function useServerDraft(workflow: { id: string; draft: unknown; draftRevision: number }) {
  const store = useEditorStore();
  const client = useTRPCClient();
  useEffect(() => {
    const s = store.getState();
    // While our own save is in flight, its answer brings the new revision.
    if (workflow.draftRevision <= s.revision || s.saveState === "saving") return;
    if (s.seq === s.savedSeq) store.getState().reset(placeMissing(workflow.draft as Draft), workflow.draftRevision);
    else store.getState().saveFailed("The draft was changed elsewhere (another tab or an import)", true);
  }, [workflow.draft, workflow.draftRevision, store]);
  return useCallback(() => {
    void client.workflows.get.query({ id: workflow.id }).then((fresh) => {
      store.getState().reset(placeMissing(fresh.draft), fresh.draftRevision);
    });
  }, [client, store, workflow.id]);
}
