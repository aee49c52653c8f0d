"use client";

import { useCallback, useMemo } from "react";
import { ArrowLeft, Play, Trash2 } from "lucide-react";
import type { CatalogServer } from "@/lib/mcp/catalog";
import type { State } from "@/lib/workflow/schema";
import { scopeAt } from "@/lib/workflow/scope";
import { editMachine, innerMachines, removeStates, renameState, replaceState, setStart, type Draft } from "@/lib/workflow/canvas";
import { Button } from "@/components/ui/button";
import { useEditor, useEditorStore } from "./editor-context";
import { StateInspector } from "./inspector/state-inspector";
import { readable } from "./nodes/kind";

type States = Record<string, Record<string, unknown>>;

/** A step inside a branch or a map's item body: the same settings as any step, written back into its branch. */
export function InnerStateInspector({
  owner,
  branch,
  inner,
  catalog,
}: {
  owner: string;
  branch: string;
  inner: string;
  catalog: CatalogServer[];
}) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const ownerState = ((doc.states ?? {}) as States)[owner];
  const machine = useMemo(
    () => (ownerState ? innerMachines(ownerState).find((m) => m.key === branch) : undefined),
    [ownerState, branch],
  );
  const states = useMemo(() => machine?.states ?? {}, [machine]);
  const scope = useMemo(
    () => scopeAt({ input: doc.input as Parameters<typeof scopeAt>[0]["input"], states }, inner),
    [doc.input, states, inner],
  );
  const targets = useMemo(
    () =>
      Object.entries(states)
        .filter(([t]) => t !== inner)
        .map(([t, s]) => ({ id: t, title: typeof s.title === "string" && s.title ? readable(s.title) : t })),
    [states, inner],
  );
  const tools = useMemo(() => catalog.filter((s) => s.enabled).flatMap((s) => s.tools), [catalog]);
  const edit = useCallback(
    (fn: (m: Draft) => Draft, options?: { coalesce?: string; select?: string[] }) =>
      store.getState().apply((d) => editMachine(d, owner, branch, fn), options),
    [store, owner, branch],
  );
  const onChange = useCallback(
    (next: State) => edit((m) => replaceState(m, inner, next), { coalesce: `state:${owner}::${branch}::${inner}` }),
    [edit, owner, branch, inner],
  );
  const onRename = useCallback(
    (to: string) => {
      if (to in states) return;
      edit((m) => renameState(m, inner, to), { select: [`${owner}::${branch}::${to}`] });
    },
    [edit, states, owner, branch, inner],
  );
  const state = states[inner];
  if (!machine || !state) return null;
  const ownerTitle = typeof ownerState?.title === "string" && ownerState.title ? readable(ownerState.title) : owner;
  const isStart = machine.startAt === inner;
  return (
    <div className="flex min-h-full flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs text-slate-600">
        <button
          type="button"
          className="inline-flex items-center gap-1 font-medium text-slate-700 hover:text-slate-900"
          onClick={() => store.getState().select([owner])}
        >
          <ArrowLeft className="h-3.5 w-3.5" aria-hidden /> {ownerTitle}
        </button>
        <span aria-hidden>›</span>
        <span>{machine.label}</span>
      </div>
      <div className="px-4 py-3">
        <StateInspector
          key={`${owner}::${branch}::${inner}`}
          stateId={inner}
          state={state as unknown as State}
          onChange={onChange}
          onRename={onRename}
          scope={scope}
          tools={tools}
          targets={targets}
        />
      </div>
      <div className="mt-auto flex gap-2 border-t border-slate-200 p-3">
        <Button onClick={() => edit((m) => setStart(m, inner))} disabled={isStart}>
          <Play className="h-4 w-4" aria-hidden /> {isStart ? `Starts “${machine.label}”` : "Start here"}
        </Button>
        <Button
          variant="ghost"
          className="ml-auto text-red-700"
          onClick={() => edit((m) => removeStates(m, [inner]), { select: [owner] })}
        >
          <Trash2 className="h-4 w-4" aria-hidden /> Delete step
        </Button>
      </div>
    </div>
  );
}
