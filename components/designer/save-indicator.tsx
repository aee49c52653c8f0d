"use client";

import { AlertCircle, Check, Loader2 } from "lucide-react";
import { useEditor } from "./editor-context";
import { useUnfinishedCount } from "./unfinished";

export function SaveIndicator({ onOverwrite, onReload }: { onOverwrite: () => void; onReload: () => void }) {
  const state = useEditor((s) => s.saveState);
  const error = useEditor((s) => s.saveError);
  const unfinished = useUnfinishedCount();
  if (unfinished > 0 && (state === "saved" || state === "unsaved" || state === "saving"))
    return (
      <span className="flex items-center gap-1 text-xs text-amber-700" role="status">
        <AlertCircle className="h-3.5 w-3.5" aria-hidden /> {unfinished} unfinished row{unfinished === 1 ? " is" : "s are"} not
        saved: complete or remove {unfinished === 1 ? "it" : "them"}
      </span>
    );
  switch (state) {
    case "saved":
      return (
        <span className="flex items-center gap-1 text-xs text-slate-500" role="status">
          <Check className="h-3.5 w-3.5" aria-hidden /> All changes saved
        </span>
      );
    case "unsaved":
      return (
        <span className="text-xs text-slate-500" role="status">
          Unsaved changes
        </span>
      );
    case "saving":
      return (
        <span className="flex items-center gap-1 text-xs text-slate-500" role="status">
          <Loader2 className="h-3.5 w-3.5 animate-spin" aria-hidden /> Saving…
        </span>
      );
    case "error":
      return (
        <span className="flex items-center gap-1 text-xs text-red-700" role="alert" title={error ?? undefined}>
          <AlertCircle className="h-3.5 w-3.5" aria-hidden /> Not saved: {error}. Retrying…
        </span>
      );
    case "conflict":
      return (
        <span className="flex items-center gap-2 text-xs text-red-700" role="alert">
          <AlertCircle className="h-3.5 w-3.5" aria-hidden /> Changed elsewhere.
          <button type="button" className="font-medium underline" onClick={onReload}>
            Load theirs
          </button>
          <button type="button" className="font-medium underline" onClick={onOverwrite}>
            Keep mine
          </button>
        </span>
      );
  }
}
