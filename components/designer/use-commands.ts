"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import type { CatalogServer } from "@/lib/mcp/catalog";
import {
  addState,
  autoLayout,
  copyStates,
  isFragment,
  pasteStates,
  removeStates,
  type Fragment,
  type Point,
} from "@/lib/workflow/canvas";
import { findTool } from "@/lib/workflow/catalog-problems";
import { useEditorStore } from "./editor-context";
import { NODE_KINDS } from "./nodes/registry";
import { newToolState } from "./nodes/new-tool-state";
import { addToMachine, NODE_WIDTH } from "@/lib/workflow/canvas";
import { NODE_HEIGHT } from "@/lib/workflow/canvas/layout";
import { freeSpot } from "@/lib/workflow/canvas/free-spot";
import { isTypingTarget, matchShortcut, type ShortcutAction } from "./shortcuts";
import type { PaletteItem } from "./canvas/drop";

const PASTE_OFFSET = 40;

/** Everything the toolbar, the palette and the keyboard can do to the draft. */
export function useCommands(catalog: readonly CatalogServer[], saveNow: () => void) {
  const store = useEditorStore();
  const flow = useReactFlow();
  const clipboard = useRef<{ fragment: Fragment; pastes: number } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  const addItem = useCallback(
    (item: PaletteItem, at?: Point, into?: { owner: string; key: string }) => {
      const state =
        item.kind === "tool"
          ? newToolState(item.server, item.tool, findTool(catalog, item.server, item.tool))
          : NODE_KINDS[item.kind].create();
      if (into) {
        // Into a branch or an item body: at its end, selected (its settings open).
        let added = "";
        store.getState().apply((d) => {
          const result = addToMachine(d, into.owner, into.key, state);
          added = result?.id ?? "";
          return result?.doc ?? d;
        });
        store.getState().select([added ? `${into.owner}::${into.key}::${added}` : into.owner]);
        return;
      }
      const taken = Object.values((store.getState().doc.layout ?? {}) as Record<string, Point>);
      const position = at ? { x: at.x - NODE_WIDTH / 2, y: at.y - 30 } : freeSpot(viewportCentre(flow), taken);
      let id = "";
      store.getState().apply((d) => {
        const added = addState(d, state, position);
        id = added.id;
        return added.doc;
      });
      store.getState().select([id]);
      // Placed below the steps in the way, it may land out of sight: the view follows it (a drop is where the pointer is).
      if (!at && !inView(flow, position))
        void flow.setCenter(position.x + NODE_WIDTH / 2, position.y + NODE_HEIGHT / 2, { zoom: flow.getZoom(), duration: 200 });
    },
    [catalog, flow, store],
  );

  const copy = useCallback(() => {
    const { doc, selection } = store.getState();
    if (selection.length === 0) return false;
    const fragment = copyStates(doc, selection);
    clipboard.current = { fragment, pastes: 0 };
    void navigator.clipboard?.writeText(JSON.stringify(fragment)).catch(() => undefined);
    return true;
  }, [store]);

  const paste = useCallback(
    (fragment?: Fragment) => {
      const source = fragment ?? clipboard.current?.fragment;
      if (!source) return;
      const n = fragment ? 1 : (clipboard.current!.pastes += 1);
      let ids: string[] = [];
      store.getState().apply((d) => {
        const pasted = pasteStates(d, source, { x: PASTE_OFFSET * n, y: PASTE_OFFSET * n });
        ids = pasted.ids;
        return pasted.doc;
      });
      store.getState().select(ids);
    },
    [store],
  );

  const run = useCallback(
    (action: ShortcutAction) => {
      const s = store.getState();
      switch (action) {
        case "undo":
          return s.undo();
        case "redo":
          return s.redo();
        case "copy":
          return void copy();
        case "cut":
          if (copy()) s.apply((d) => removeStates(d, s.selection));
          return;
        case "paste":
          return paste();
        case "duplicate":
          if (copy()) paste();
          return;
        case "selectAll":
          return s.select(Object.keys(s.doc.states ?? {}));
        case "save":
          return saveNow();
        case "layout":
          s.apply(autoLayout);
          return void setTimeout(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 300 }), 50);
        case "fit":
          return void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 300 });
        case "help":
          return setHelpOpen((o) => !o);
        case "deselect":
          s.select([]);
          return s.selectEdge(null);
      }
    },
    [copy, paste, saveNow, flow, store],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // An open dialog (a native <dialog> has no role attribute) keeps its keys: Escape closes it.
      if (isTypingTarget(e.target) || document.querySelector("[role=dialog], dialog[open]")) return;
      const action = matchShortcut(e);
      if (!action) return;
      if (action === "paste" && !clipboard.current) return; // let the browser's paste event bring a copied fragment
      e.preventDefault();
      run(action);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target)) return;
      try {
        const value: unknown = JSON.parse(e.clipboardData?.getData("text/plain") ?? "");
        if (isFragment(value)) {
          e.preventDefault();
          paste(value);
        }
      } catch {
        // Not a copied step: nothing to paste on the canvas.
      }
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("paste", onPaste);
    };
  }, [run, paste]);

  return { run, addItem, helpOpen, setHelpOpen };
}

function viewportCentre(flow: ReturnType<typeof useReactFlow>): Point {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
  const p = flow.screenToFlowPosition(centre);
  return { x: p.x - NODE_WIDTH / 2, y: p.y - 40 };
}

/** Whether a new step at this flow position is wholly inside the canvas as shown. */
function inView(flow: ReturnType<typeof useReactFlow>, position: Point): boolean {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!pane) return true;
  const topLeft = flow.flowToScreenPosition(position);
  const bottomRight = flow.flowToScreenPosition({ x: position.x + NODE_WIDTH, y: position.y + NODE_HEIGHT });
  return topLeft.x >= pane.left && topLeft.y >= pane.top && bottomRight.x <= pane.right && bottomRight.y <= pane.bottom;
}
