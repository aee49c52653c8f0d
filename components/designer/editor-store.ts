/**
 * The designer's state for one open workflow: the draft being edited, undo
 * history, selection and save status. One store per editor (see
 * editor-context.tsx); the draft is the only truth, the canvas is derived.
 */
import { createStore } from "zustand/vanilla";
import { innerMachines, parseInnerId, type Draft } from "@/lib/workflow/canvas";

const HISTORY_LIMIT = 200;
/** Edits with the same key within this window are one undo step (typing in a field). */
const COALESCE_MS = 1200;

export type SaveState = "saved" | "unsaved" | "saving" | "error" | "conflict";

export interface EditorState {
  workflowId: string;
  doc: Draft;
  past: Draft[];
  future: Draft[];
  coalesce: { key: string; at: number } | null;
  selection: string[];
  selectedEdge: string | null;
  /** The server revision the draft is based on (optimistic concurrency). */
  revision: number;
  /** Increases with every edit; compared with savedSeq to know what is saved. */
  seq: number;
  savedSeq: number;
  saveState: SaveState;
  saveError: string | null;
}

export interface EditorActions {
  apply(fn: (doc: Draft) => Draft, options?: { coalesce?: string; select?: string[] }): void;
  undo(): void;
  redo(): void;
  select(ids: string[]): void;
  selectEdge(id: string | null): void;
  savingStarted(): number;
  saved(seq: number, revision: number): void;
  saveFailed(message: string, conflict: boolean): void;
  /** Replaces the draft with the server's (reload or import), dropping history. */
  reset(doc: Draft, revision: number): void;
}

export type EditorStore = ReturnType<typeof createEditorStore>;

export function createEditorStore(init: { workflowId: string; doc: Draft; revision: number; now?: () => number }) {
  const now = init.now ?? Date.now;
  return createStore<EditorState & EditorActions>()((set, get) => ({
    workflowId: init.workflowId,
    doc: init.doc,
    past: [],
    future: [],
    coalesce: null,
    selection: [],
    selectedEdge: null,
    revision: init.revision,
    seq: 0,
    savedSeq: 0,
    saveState: "saved",
    saveError: null,

    apply(fn, options = {}) {
      const s = get();
      const next = fn(s.doc);
      if (next === s.doc) {
        if (options.select) set({ selection: options.select, selectedEdge: null });
        return;
      }
      const t = now();
      const merge = options.coalesce !== undefined && s.coalesce?.key === options.coalesce && t - s.coalesce.at < COALESCE_MS;
      set({
        doc: next,
        past: merge ? s.past : [...s.past, s.doc].slice(-HISTORY_LIMIT),
        future: [],
        coalesce: options.coalesce !== undefined ? { key: options.coalesce, at: t } : null,
        seq: s.seq + 1,
        saveState: s.saveState === "conflict" ? "conflict" : "unsaved",
        selection: pruneSelection(options.select ?? s.selection, next),
        selectedEdge: options.select ? null : s.selectedEdge,
      });
    },

    undo() {
      const s = get();
      const prev = s.past.at(-1);
      if (prev === undefined) return;
      set({
        doc: prev,
        past: s.past.slice(0, -1),
        future: [s.doc, ...s.future],
        coalesce: null,
        seq: s.seq + 1,
        saveState: s.saveState === "conflict" ? "conflict" : "unsaved",
        selection: pruneSelection(s.selection, prev),
      });
    },

    redo() {
      const s = get();
      const next = s.future[0];
      if (next === undefined) return;
      set({
        doc: next,
        past: [...s.past, s.doc],
        future: s.future.slice(1),
        coalesce: null,
        seq: s.seq + 1,
        saveState: s.saveState === "conflict" ? "conflict" : "unsaved",
        selection: pruneSelection(s.selection, next),
      });
    },

    select(ids) {
      const same = ids.length === get().selection.length && ids.every((id, i) => get().selection[i] === id);
      if (!same) set({ selection: ids, ...(ids.length > 0 ? { selectedEdge: null } : {}) });
    },

    selectEdge(id) {
      if (get().selectedEdge !== id) set({ selectedEdge: id, ...(id ? { selection: [] } : {}) });
    },

    savingStarted() {
      set({ saveState: "saving", saveError: null });
      return get().seq;
    },

    saved(seq, revision) {
      const s = get();
      set({ savedSeq: seq, revision, saveState: s.seq === seq ? "saved" : "unsaved", saveError: null });
    },

    saveFailed(message, conflict) {
      set({ saveState: conflict ? "conflict" : "error", saveError: message });
    },

    reset(doc, revision) {
      set({
        doc,
        revision,
        past: [],
        future: [],
        coalesce: null,
        seq: 0,
        savedSeq: 0,
        saveState: "saved",
        saveError: null,
        selection: pruneSelection(get().selection, doc),
        selectedEdge: null,
      });
    },
  }));
}

/** The selected steps that still exist: top-level ones, and steps inside a branch or item body ("owner::key::inner"). */
export function pruneSelection(selection: string[], doc: Draft): string[] {
  const states = (doc.states ?? {}) as Record<string, unknown>;
  const exists = (id: string) => {
    const inner = parseInnerId(id);
    if (!inner) return id in states;
    const owner = states[inner.owner];
    if (typeof owner !== "object" || owner === null) return false;
    const machine = innerMachines(owner as Record<string, unknown>).find((m) => m.key === inner.key);
    return machine !== undefined && inner.inner in machine.states;
  };
  const kept = selection.filter(exists);
  return kept.length === selection.length ? selection : kept;
}
