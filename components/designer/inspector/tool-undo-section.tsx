"use client";

import type { CatalogTool } from "@/lib/mcp/catalog";
import type { ToolState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { Callout } from "./controls";
import { JsonEditor } from "./json-editor";
import { withField, type JsonRecord } from "./object-edit";
import { ToolInputForm } from "./tool-input-form";
import { ToolPicker } from "./tool-picker";
import { scopeForUndo } from "./tool-policy";

type ToolCall = NonNullable<ToolState["compensate"]>;

/** The undo step (compensate): a tool call that reverses this step when a later step fails. */
export function UndoSettings({
  state,
  onChange,
  tools,
  scope,
}: {
  state: ToolState;
  onChange: (next: ToolState) => void;
  tools: readonly CatalogTool[];
  scope: readonly ScopeVariable[];
}) {
  const call = state.compensate;
  const tool = call ? tools.find((t) => t.server === call.server && t.name === call.tool) : undefined;
  const setCall = (next: ToolCall | undefined) => onChange(withField(state, "compensate", next));
  const setInput = (input: JsonRecord | undefined) => call && setCall(withField(call, "input", input));
  return (
    <div className="space-y-3">
      <ToolPicker
        label="Undo with"
        tools={tools}
        server={call?.server}
        tool={call?.tool}
        placeholder="No undo step"
        hint="Runs when a later step fails and the workflow rolls back."
        onChange={(t) =>
          setCall(t ? { server: t.server, tool: t.name, ...(call?.input ? { input: call.input } : {}) } : undefined)
        }
      />
      {call && tool ? (
        <ToolInputForm schema={tool.inputSchema} value={call.input} onChange={setInput} scope={scopeForUndo(scope, state)} />
      ) : null}
      {call && !tool ? (
        <>
          <Callout tone="warning">The undo tool is not offered by any connected server.</Callout>
          <JsonEditor
            label="Undo inputs (JSON)"
            value={call.input}
            onChange={(v) => setInput(typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined)}
          />
        </>
      ) : null}
    </div>
  );
}
