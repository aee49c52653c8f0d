"use client";

import { useCallback, useMemo } from "react";
import type { ToolState } from "@/lib/workflow/schema";
import { resultPathOf } from "@/lib/workflow/output-fields";
import { pinnedVariables, pinOf, sampleSchema, setPin, type PinnedOutput } from "@/lib/workflow/pins";
import type { ResultSchemaOf, ScopeVariable } from "@/lib/workflow/scope";
import { useEditor, useEditorStore } from "../editor-context";
import { NotifyHint, StepTestSection } from "./step-test-section";

type Loose = Record<string, unknown>;

/** Below a tool step's settings: the Notify hint for Switchyard's own notify tool, and "Try this step" with its pin. */
export function StepTools({ stateId, state, scope }: { stateId: string; state: ToolState; scope: readonly ScopeVariable[] }) {
  const store = useEditorStore();
  const doc: Loose = useEditor((s) => s.doc);
  const workflowId = useEditor((s) => s.workflowId);
  const pin = pinOf(doc, stateId);
  const known = useMemo(() => pinnedVariables(doc, resultPathOf), [doc]);
  const onPin = useCallback(
    (next: PinnedOutput | undefined) => store.getState().apply((d) => setPin(d, stateId, next)),
    [store, stateId],
  );
  return (
    <>
      {state.server === "switchyard" && state.tool === "notify" ? <NotifyHint /> : null}
      <StepTestSection
        key={stateId}
        workflowId={workflowId}
        stateId={stateId}
        state={state}
        scope={scope}
        known={known}
        pin={pin}
        onPin={onPin}
      />
    </>
  );
}

/** Result schemas with each pinned step's sample first (its fields are what later steps are designed against). */
export function withPinnedSchemas(doc: Loose, fallback: ResultSchemaOf): ResultSchemaOf {
  const byState = new Map<unknown, unknown>();
  const states = (doc.states ?? {}) as Record<string, unknown>;
  for (const id of Object.keys(states)) {
    const pin = pinOf(doc, id);
    if (pin) byState.set(states[id], sampleSchema(pin.output));
  }
  return (state) => (byState.has(state) ? byState.get(state) : fallback(state));
}
