"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import type { CatchRoute, ToolState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { AddButton, Checkbox, IconButton } from "./controls";
import { ItemCard } from "./section";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { moveItem, nonEmpty, removeAt, replaceAt, withField } from "./object-edit";
import { ProblemsPicker } from "./problems-picker";
import { TargetSelect, type Target } from "./target-select";
import { scopeForFailure } from "./tool-policy";

/** "If this step fails": routes (catch), checked from the top, each going to a step. */
export function FailureRoutes<S extends Pick<ToolState, "catch">>({
  state,
  onChange,
  targets,
  scope,
}: {
  state: S;
  onChange: (next: S) => void;
  targets: readonly Target[];
  scope: readonly ScopeVariable[];
}) {
  const routes = state.catch ?? [];
  const set = (next: CatchRoute[]) => onChange(withField(state, "catch", nonEmpty(next)));
  // A new route goes nowhere until the analyst picks a step (the validator says so); it never defaults to "Done".
  const add = () => set([...routes, { errors: ["*"], next: "" }]);
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">
        {routes.length === 0
          ? "When retries do not help, a person is asked what to do. Add a route to go to another step instead."
          : "Checked from the top: the first route that matches the problem is taken. Otherwise a person is asked."}
      </p>
      {routes.map((route, i) => (
        <ItemCard
          key={i}
          title={`Route ${i + 1}`}
          actions={
            <>
              <IconButton label={`Move route ${i + 1} up`} disabled={i === 0} onClick={() => set(moveItem(routes, i, -1))}>
                <ArrowUp className="h-4 w-4" />
              </IconButton>
              <IconButton
                label={`Move route ${i + 1} down`}
                disabled={i === routes.length - 1}
                onClick={() => set(moveItem(routes, i, 1))}
              >
                <ArrowDown className="h-4 w-4" />
              </IconButton>
              <IconButton label={`Remove route ${i + 1}`} tone="danger" onClick={() => set(removeAt(routes, i))}>
                <Trash2 className="h-4 w-4" />
              </IconButton>
            </>
          }
        >
          <RouteFields route={route} targets={targets} scope={scope} onChange={(r) => set(replaceAt(routes, i, r))} />
        </ItemCard>
      ))}
      <AddButton onClick={add}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> Add a route
      </AddButton>
    </div>
  );
}

function RouteFields({
  route,
  onChange,
  targets,
  scope,
}: {
  route: CatchRoute;
  onChange: (r: CatchRoute) => void;
  targets: readonly Target[];
  scope: readonly ScopeVariable[];
}) {
  return (
    <>
      <ProblemsPicker label="When the problem is" value={route.errors} onChange={(errors) => onChange({ ...route, errors })} />
      <TargetSelect
        value={route.next || undefined}
        targets={targets}
        onChange={(next) => onChange({ ...route, next: next ?? "" })}
      />
      <Checkbox
        label="Undo the completed steps first"
        hint="Runs the undo steps of the steps already done, newest first."
        checked={route.rollback === true}
        onChange={(on) => onChange(withField(route, "rollback", on ? true : undefined))}
      />
      {route.assign ? (
        <div>
          <p className="mb-1 text-xs font-medium text-slate-700">What to keep from the problem</p>
          <KeyedValuesEditor
            value={route.assign}
            onChange={(assign) => onChange(withField(route, "assign", assign))}
            scope={scopeForFailure(scope)}
            nameLabel="Keep as"
            nameProblem={variableNameProblem}
            addLabel="Keep something else"
            emptyText="Nothing is kept."
            nameMono
          />
        </div>
      ) : (
        <AddButton onClick={() => onChange({ ...route, assign: { problem: "{% $error.message %}" } })}>
          <Plus className="h-3.5 w-3.5" aria-hidden /> Keep details of the problem
        </AddButton>
      )}
    </>
  );
}
