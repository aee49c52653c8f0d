"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ImportButton } from "@/components/workflows/import-button";
import { useEditorStore } from "./editor-context";

/** Import in the designer: asks before replacing the draft, and the replacement is one edit (Undo brings it back). */
export function ImportIntoDraft() {
  const store = useEditorStore();
  const [pending, setPending] = useState<{ draft: Record<string, unknown>; name: string } | null>(null);
  const replace = () => {
    if (!pending) return;
    const { draft } = pending;
    store.getState().apply(() => draft, { select: [] });
    setPending(null);
  };
  return (
    <>
      <ImportButton label="Import" onRead={(draft, name) => setPending({ draft, name })} />
      <Dialog open={pending !== null} onClose={() => setPending(null)} title={`Replace the draft with ${pending?.name ?? ""}?`}>
        <p className="text-sm text-slate-700">
          Every step of the open draft is replaced by the file&apos;s. Published versions are not touched, and Undo (Ctrl+Z)
          brings the current draft back.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setPending(null)}>Cancel</Button>
          <Button variant="primary" onClick={replace}>
            Replace the draft
          </Button>
        </div>
      </Dialog>
    </>
  );
}
