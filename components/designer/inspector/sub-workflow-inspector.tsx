"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import type { SubWorkflowState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { InspectorSection } from "./section";
import { INPUT, LabeledField } from "./controls";
import { JsonEditor } from "./json-editor";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { withField } from "./object-edit";
import { NextStepSection, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";

interface Props {
  state: SubWorkflowState;
  onChange: (next: SubWorkflowState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

const DEFAULT_TITLE = "Run a workflow";

/** Which published workflow to run (pinned version or latest), its input, and what to keep of its output. */
export function SubWorkflowInspector({ state, onChange, scope, targets }: Props) {
  const trpc = useTRPC();
  const published = useQuery(trpc.workflows.published.queryOptions(undefined, { staleTime: 30_000 }));
  const workflows = published.data ?? [];
  const chosen = workflows.find((w) => w.id === state.workflowId);
  const version = chosen?.versions.find((v) => (state.version === undefined ? true : v.version === state.version));
  const fields = Object.entries(version?.input?.properties ?? {});
  const required = new Set(version?.input?.required ?? []);
  const choose = (id: string) => {
    const w = workflows.find((x) => x.id === id);
    const title =
      !state.title || state.title === DEFAULT_TITLE || state.title.startsWith("Run “") ? `Run “${w?.name ?? id}”` : state.title;
    const { version: _pinned, ...rest } = state;
    onChange({ ...rest, workflowId: id, title });
  };
  return (
    <div>
      <InspectorSection title="Workflow to run">
        <LabeledField
          label="Workflow"
          hint={
            published.isPending
              ? "Loading the published workflows…"
              : workflows.length === 0
                ? "No workflow is published yet: publish one first."
                : "A published workflow; its run gets its own page, linked to this run."
          }
        >
          {(id, describedBy) => (
            <select
              id={id}
              aria-describedby={describedBy}
              className={INPUT}
              value={state.workflowId}
              onChange={(e) => choose(e.target.value)}
            >
              <option value="">Choose a workflow…</option>
              {workflows.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
              {state.workflowId && !chosen && !published.isPending ? (
                <option value={state.workflowId}>{state.workflowId} (not published)</option>
              ) : null}
            </select>
          )}
        </LabeledField>
        {chosen ? (
          <LabeledField
            label="Version"
            hint="Latest: the newest published version when the step starts. Pinned: always this one."
          >
            {(id, describedBy) => (
              <select
                id={id}
                aria-describedby={describedBy}
                className={INPUT}
                value={state.version === undefined ? "latest" : String(state.version)}
                onChange={(e) =>
                  onChange(withField(state, "version", e.target.value === "latest" ? undefined : Number(e.target.value)))
                }
              >
                <option value="latest">Latest published (now {chosen.versions[0]?.version ?? "?"})</option>
                {chosen.versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    Version {v.version} (pinned)
                  </option>
                ))}
              </select>
            )}
          </LabeledField>
        ) : null}
        {chosen ? (
          <Link href={`/workflows/${encodeURIComponent(chosen.id)}`} className="text-xs font-medium text-violet-700 underline">
            Open “{chosen.name}”
          </Link>
        ) : null}
      </InspectorSection>
      <InspectorSection title="Its input">
        {fields.length > 0 ? (
          <p className="text-xs text-slate-500">
            It takes:{" "}
            {fields.map(([name, f], i) => (
              <span key={name}>
                {i > 0 ? ", " : ""}
                <code>{name}</code>
                {required.has(name) ? "*" : ""} ({f.type})
              </span>
            ))}
            . Fields marked * are required.
          </p>
        ) : chosen ? (
          <p className="text-xs text-slate-500">This workflow declares no input fields.</p>
        ) : null}
        <KeyedValuesEditor
          value={state.input}
          onChange={(v) => onChange(withField(state, "input", v))}
          scope={scopeForInputs(scope)}
          nameLabel="Input"
          namePlaceholder={fields[0]?.[0] ?? "e.g. customerId"}
          nameProblem={(name) => (name.trim() === "" ? "Name the input" : null)}
          addLabel="Add an input"
          emptyText="No input is passed yet."
          defaultMode="expression"
          nameMono
        />
      </InspectorSection>
      <InspectorSection title="Save its output">
        <JsonEditor
          label="Save results"
          note="Variables to set when its run succeeds; $result holds its output."
          value={state.assign}
          onChange={(v) => onChange(withField(state, "assign", v as SubWorkflowState["assign"]))}
        />
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}
