"use client";

import { clsx } from "clsx";
import { Plus, X } from "lucide-react";
import { useState } from "react";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { unwrapExpression, wrapExpression } from "./autocomplete";
import {
  compileCondition,
  isComplete,
  OPERATORS,
  operandFromText,
  operandText,
  parseCondition,
  type Condition,
  type Operator,
  type Rule,
} from "./conditions";
import { AddButton, IconButton, INPUT, SelectInput } from "./controls";
import { useMarkUnfinished } from "../unfinished";
import { ExpressionInput } from "./expression-input";
import { removeAt, replaceAt } from "./object-edit";
import { useDraft } from "./use-draft";

export interface ConditionBuilderProps {
  /** The condition as stored: "{% ... %}". */
  when: string;
  onChange: (when: string) => void;
  scope: readonly ScopeVariable[];
  /** Names the condition for labels, e.g. "condition 1". */
  name: string;
}

/** A condition as readable rules, or as an expression when the rules cannot show it. */
export function ConditionBuilder({ when, onChange, scope, name }: ConditionBuilderProps) {
  const parsed = parseCondition(when);
  const [wantExpression, setWantExpression] = useState(false);
  const asExpression = wantExpression || parsed === null;
  return (
    <div className="space-y-2">
      {asExpression ? (
        <ExpressionInput
          label={`Expression of ${name}`}
          labelHidden
          multiline
          value={unwrapExpression(when) ?? when}
          scope={scope}
          onChange={(source) => onChange(wrapExpression(source) ?? "")}
        />
      ) : (
        <RuleList when={when} onChange={onChange} scope={scope} name={name} />
      )}
      <button
        type="button"
        className="text-xs font-medium text-brand-600 hover:text-brand-700 disabled:text-slate-400"
        disabled={asExpression && parsed === null}
        title={asExpression && parsed === null ? "This expression is too complex for the simple rules" : undefined}
        onClick={() => setWantExpression(!asExpression)}
      >
        {asExpression ? "Use simple rules" : "Write as an expression"}
      </button>
    </div>
  );
}

function RuleList({ when, onChange, scope, name }: ConditionBuilderProps) {
  const [condition, setCondition] = useDraft<Condition>(when, () => parseCondition(when) ?? { combine: "all", rules: [] });
  const lists = new Set(scope.filter((v) => v.type === "array").map((v) => v.path));
  const update = (next: Condition) => {
    const compiled = compileCondition(next, lists);
    setCondition(next, compiled);
    if (compiled !== when) onChange(compiled);
  };
  const { rules } = condition;
  useMarkUnfinished(rules.filter((r) => !isComplete(r)).length);
  return (
    <div className="space-y-2">
      {rules.length === 0 ? <p className="text-xs text-slate-500">No rules: this condition always matches.</p> : null}
      {rules.length > 1 ? (
        <SelectInput
          ariaLabel={`How the rules of ${name} combine`}
          value={condition.combine}
          choices={[
            { value: "all", label: "All of these are true" },
            { value: "any", label: "Any of these is true" },
          ]}
          onChange={(c) => update({ ...condition, combine: c === "any" ? "any" : "all" })}
        />
      ) : null}
      {rules.map((rule, i) => (
        <RuleRow
          key={i}
          rule={rule}
          name={`rule ${i + 1} of ${name}`}
          scope={scope}
          onChange={(r) => update({ ...condition, rules: replaceAt(rules, i, r) })}
          onRemove={() => update({ ...condition, rules: removeAt(rules, i) })}
        />
      ))}
      <AddButton onClick={() => update({ ...condition, rules: [...rules, { field: "", operator: "eq" }] })}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> Add a rule
      </AddButton>
    </div>
  );
}

const OPERATOR_CHOICES = (Object.keys(OPERATORS) as Operator[]).map((op) => ({ value: op, label: OPERATORS[op].label }));

function RuleRow({
  rule,
  name,
  scope,
  onChange,
  onRemove,
}: {
  rule: Rule;
  name: string;
  scope: readonly ScopeVariable[];
  onChange: (rule: Rule) => void;
  onRemove: () => void;
}) {
  const fields = scope.filter((v) => v.path !== "$run.id");
  const known = rule.field === "" || fields.some((v) => v.path === rule.field);
  const choices = [
    ...fields.map((v) => ({ value: v.path, label: v.path.slice(1), group: v.source })),
    ...(known ? [] : [{ value: rule.field, label: rule.field.slice(1) }]),
  ];
  const fieldType = fields.find((v) => v.path === rule.field)?.type;
  const needsValue = OPERATORS[rule.operator].needsValue;
  return (
    <div className="rounded-md bg-white p-2 ring-1 ring-slate-200">
      <div className="flex items-start gap-1">
        <div className="min-w-0 flex-1">
          <SelectInput
            ariaLabel={`Data of ${name}`}
            value={rule.field}
            choices={choices}
            placeholder="Choose data…"
            onChange={(field) => onChange({ ...rule, field })}
          />
        </div>
        <IconButton label={`Remove ${name}`} tone="danger" onClick={onRemove}>
          <X className="h-4 w-4" />
        </IconButton>
      </div>
      {isComplete(rule) ? null : (
        <p className="mt-1 text-xs text-amber-700">Not saved until data{needsValue ? " and a value are" : " is"} chosen.</p>
      )}
      <div className="mt-1.5 flex gap-1.5">
        <div className={clsx(needsValue ? "w-32 shrink-0" : "flex-1")}>
          <SelectInput
            ariaLabel={`Comparison of ${name}`}
            value={rule.operator}
            choices={OPERATOR_CHOICES}
            onChange={(op) => onChange(withOperator(rule, op as Operator))}
          />
        </div>
        {needsValue ? (
          <input
            type="text"
            aria-label={`Value of ${name}`}
            placeholder="a value, or $data"
            className={clsx(INPUT, "min-w-0 flex-1", rule.value?.kind === "path" && "font-mono text-[13px]")}
            value={operandText(rule.value)}
            onChange={(e) =>
              onChange({ ...rule, value: e.target.value === "" ? undefined : operandFromText(e.target.value, fieldType) })
            }
          />
        ) : null}
      </div>
    </div>
  );
}

function withOperator(rule: Rule, operator: Operator): Rule {
  if (OPERATORS[operator].needsValue) return { ...rule, operator };
  return { field: rule.field, operator };
}
