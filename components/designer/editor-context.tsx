"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { createEditorStore, type EditorActions, type EditorState, type EditorStore } from "./editor-store";
import type { Draft } from "@/lib/workflow/canvas";

const EditorContext = createContext<EditorStore | null>(null);

/** One store per open editor, created once for its workflow. */
export function EditorProvider({
  workflowId,
  doc,
  revision,
  children,
}: {
  workflowId: string;
  doc: Draft;
  revision: number;
  children: ReactNode;
}) {
  const [store] = useState(() => createEditorStore({ workflowId, doc, revision }));
  return <EditorContext.Provider value={store}>{children}</EditorContext.Provider>;
}

export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error("useEditorStore must be used inside <EditorProvider>");
  return store;
}

export function useEditor<T>(selector: (s: EditorState & EditorActions) => T): T {
  return useStore(useEditorStore(), selector);
}
