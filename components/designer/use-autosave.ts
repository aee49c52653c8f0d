"use client";

import { useCallback, useEffect, useRef } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import { useEditor, useEditorStore } from "./editor-context";
import { unfinishedCount } from "./unfinished";

const DEBOUNCE_MS = 600;
const RETRY_MS = 5000;

function isConflict(error: unknown): boolean {
  return (error as { data?: { code?: string } } | null)?.data?.code === "CONFLICT";
}

/**
 * Saves the draft shortly after each edit (one save at a time, the latest
 * draft wins), and warns before leaving the page with unsaved edits. Returns
 * `saveNow` for Ctrl+S and `overwrite` to resolve a conflict in our favour.
 */
export function useAutosave() {
  const store = useEditorStore();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const seq = useEditor((s) => s.seq);
  const saving = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const again = useRef<() => void>(() => undefined);
  const retryLater = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => again.current(), RETRY_MS);
  };

  const save = useCallback(
    async (force = false) => {
      const s = store.getState();
      if (saving.current || (s.seq === s.savedSeq && !force) || (s.saveState === "conflict" && !force)) return;
      saving.current = true;
      const sent = store.getState().savingStarted();
      const { doc, workflowId, revision } = store.getState();
      try {
        const result = await client.workflows.updateDraft.mutate({
          id: workflowId,
          definition: doc,
          ...(force ? {} : { expectedRevision: revision }),
        });
        store.getState().saved(sent, result.draftRevision);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ id: workflowId }) });
      } catch (error) {
        const conflict = isConflict(error);
        store.getState().saveFailed(describeError(error).message, conflict);
        if (!conflict) retryLater();
      } finally {
        saving.current = false;
      }
      const after = store.getState();
      if (after.seq !== after.savedSeq && after.saveState === "unsaved") again.current();
    },
    [store, client, queryClient, trpc],
  );

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
  }, [save]);

  useEffect(() => {
    again.current = schedule;
    if (seq > 0) schedule();
  }, [seq, schedule]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.seq !== s.savedSeq || unfinishedCount() > 0) e.preventDefault();
    };
    // Leaving anyway (the prompt accepted, a reload): the last edit is sent with a request that outlives the page.
    const flush = () => {
      const s = store.getState();
      if (s.seq === s.savedSeq || s.saveState === "conflict") return;
      void fetch("/api/trpc/workflows.updateDraft", {
        method: "POST",
        keepalive: true,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { id: s.workflowId, definition: s.doc, expectedRevision: s.revision } }),
      }).catch(() => undefined);
    };
    window.addEventListener("beforeunload", warn);
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("pagehide", flush);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store]);

  return { saveNow: () => void save(), overwrite: () => void save(true) };
}
