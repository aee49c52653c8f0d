"use client";

import { useCallback, useMemo } from "react";
import { MousePointerClick, Play, Trash2 } from "lucide-react";
import { toolKey, type CatalogServer } from "@/lib/mcp/catalog";
import type { State } from "@/lib/workflow/schema";
import { ownResultSchema, scopeAt, type ResultSchemaOf } from "@/lib/workflow/scope";
import type { InputSchema } from "@/lib/workflow/input-schema";
import { disconnect, parseInnerId, removeStates, renameState, replaceState, setStart } from "@/lib/workflow/canvas";
import { Button } from "@/components/ui/button";
import { useEditor, useEditorStore } from "./editor-context";
import { StateInspector } from "./inspector/state-inspector";
import { WorkflowSettings } from "./inspector/workflow-settings";
import { readable } from "./nodes/kind";
import { TriggersSection } from "./triggers/triggers-section";
import { McpToolSection } from "./mcp/mcp-tool-section";
import { InnerStateInspector } from "./inner-inspector";
import { StepTools, withPinnedSchemas } from "./inspector/step-tools";

type States = Record<string, Record<string, unknown>>;

/** The right panel: the selected step's settings, a selected connection, or the workflow's own settings. */
export function InspectorPanel({ catalog }: { catalog: CatalogServer[] }) {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const selectedEdge = useEditor((s) => s.selectedEdge);
  const states = (doc.states ?? {}) as States;
  const only = selection.length === 1 ? selection[0] : undefined;

  let body;
  const inner = only ? parseInnerId(only) : null;
  if (only && states[only]) body = <SelectedState id={only} catalog={catalog} />;
  else if (inner && states[inner.owner])
    body = <InnerStateInspector owner={inner.owner} branch={inner.key} inner={inner.inner} catalog={catalog} />;
  else if (selection.length > 1) body = <MultiSelection ids={selection} />;
  else if (selectedEdge) body = <SelectedEdge id={selectedEdge} states={states} />;
  else body = <SettingsPanel />;
  return (
    <aside aria-label="Inspector" className="flex w-[380px] shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white">
      {body}
    </aside>
  );
}

function titleOf(states: States, id: string): string {
  const t = states[id]?.title;
  return typeof t === "string" && t !== "" ? readable(t) : id;
}

function SelectedState({ id, catalog }: { id: string; catalog: CatalogServer[] }) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const states = useMemo(() => (doc.states ?? {}) as States, [doc]);
  const state = states[id] as unknown as State;
  // A pinned sample output describes a step's result before the catalog's output schema does.
  const resultSchemaOf = useMemo(() => withPinnedSchemas(doc, catalogResultSchemas(catalog)), [doc, catalog]);
  const scope = useMemo(() => scopeAt(doc as Parameters<typeof scopeAt>[0], id, resultSchemaOf), [doc, id, resultSchemaOf]);
  const targets = useMemo(
    () =>
      Object.keys(states)
        .filter((t) => t !== id)
        .map((t) => ({ id: t, title: titleOf(states, t) })),
    [states, id],
  );
  const tools = useMemo(() => catalog.filter((s) => s.enabled).flatMap((s) => s.tools), [catalog]);
  const onChange = useCallback(
    (next: State) => store.getState().apply((d) => replaceState(d, id, next), { coalesce: `state:${id}` }),
    [store, id],
  );
  const onRename = useCallback(
    (to: string) => {
      if (to in ((store.getState().doc.states ?? {}) as States)) return; // Never select the other step (refused in the box).
      store.getState().apply((d) => renameState(d, id, to), { select: [to] });
    },
    [store, id],
  );
  const isStart = doc.startAt === id;
  return (
    <div className="flex min-h-full flex-col">
      <div className="px-4 py-3">
        <StateInspector
          key={id}
          stateId={id}
          state={state}
          onChange={onChange}
          onRename={onRename}
          scope={scope}
          tools={tools}
          targets={targets}
        />
        {state.type === "tool" ? <StepTools stateId={id} state={state} scope={scope} /> : null}
      </div>
      <div className="mt-auto flex gap-2 border-t border-slate-200 p-3">
        <Button
          onClick={() => store.getState().apply((d) => setStart(d, id))}
          disabled={isStart}
          title={isStart ? "Runs start here" : undefined}
        >
          <Play className="h-4 w-4" aria-hidden /> {isStart ? "Start step" : "Start here"}
        </Button>
        <Button
          variant="ghost"
          className="ml-auto text-red-700"
          onClick={() => store.getState().apply((d) => removeStates(d, [id]))}
        >
          <Trash2 className="h-4 w-4" aria-hidden /> Delete step
        </Button>
      </div>
    </div>
  );
}

/** A tool step's result schema is its tool's output schema in the catalog; an agent's is its own. */
function catalogResultSchemas(catalog: CatalogServer[]): ResultSchemaOf {
  const schemas = new Map(catalog.flatMap((s) => s.tools).map((t) => [toolKey(t.server, t.name), t.outputSchema]));
  return (state) =>
    state.type === "tool" && typeof state.server === "string" && typeof state.tool === "string"
      ? (schemas.get(toolKey(state.server, state.tool)) ?? undefined)
      : ownResultSchema(state);
}

function MultiSelection({ ids }: { ids: string[] }) {
  const store = useEditorStore();
  return (
    <div className="space-y-3 p-4 text-sm text-slate-700">
      <h2 className="text-base font-semibold text-slate-900">{ids.length} steps selected</h2>
      <p>Drag one of them to move them together. Copy with Ctrl+C, duplicate with Ctrl+D.</p>
      <Button variant="danger" onClick={() => store.getState().apply((d) => removeStates(d, ids))}>
        <Trash2 className="h-4 w-4" aria-hidden /> Delete {ids.length} steps
      </Button>
    </div>
  );
}

function SelectedEdge({ id, states }: { id: string; states: States }) {
  const store = useEditorStore();
  const source = id.slice(0, id.indexOf(":"));
  if (!states[source]) return <SettingsPanel />;
  return (
    <div className="space-y-3 p-4 text-sm text-slate-700">
      <h2 className="text-base font-semibold text-slate-900">Connection</h2>
      <p>
        From <strong>{titleOf(states, source)}</strong>. To change where it goes, drag a new connection from the same handle.
      </p>
      <Button variant="danger" onClick={() => store.getState().apply((d) => disconnect(d, id))}>
        <Trash2 className="h-4 w-4" aria-hidden /> Remove connection
      </Button>
    </div>
  );
}

function SettingsPanel() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const workflowId = useEditor((s) => s.workflowId);
  return (
    <div>
      <div className="flex items-start gap-2 border-b border-slate-200 bg-slate-50 px-4 py-3 text-xs text-slate-600">
        <MousePointerClick className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
        Select a step on the canvas to edit it. Below: the workflow&apos;s own settings.
      </div>
      <div className="px-4 py-3">
        <WorkflowSettings
          name={typeof doc.name === "string" ? doc.name : ""}
          description={typeof doc.description === "string" ? doc.description : ""}
          input={doc.input as InputSchema | undefined}
          stuckAfterMinutes={typeof doc.stuckAfterMinutes === "number" ? doc.stuckAfterMinutes : undefined}
          onChange={(patch) =>
            store.getState().apply((d) => clean({ ...d, ...patch }), { coalesce: `settings:${Object.keys(patch).join(",")}` })
          }
        />
        <McpToolSection workflowId={workflowId} />
        <TriggersSection workflowId={workflowId} />
      </div>
    </div>
  );
}

/** Optional settings cleared in the form are removed, not stored as empty values. */
function clean(doc: Record<string, unknown>): Record<string, unknown> {
  const out = { ...doc };
  if (out.description === "" || out.description === undefined) delete out.description;
  if (out.input === undefined) delete out.input;
  if (out.stuckAfterMinutes === undefined) delete out.stuckAfterMinutes;
  return out;
}
