"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import type { HumanOption } from "@/lib/workflow/schema";
import { AddButton, IconButton, INPUT } from "./controls";
import { ItemCard } from "./section";
import { TextField } from "./fields";
import { newOption, optionIdNote, relabelOption } from "./human-options";
import { InputSchemaEditor } from "./input-schema-editor";
import { moveItem, removeAt, replaceAt, withField } from "./object-edit";
import { TargetSelect, type Target } from "./target-select";

/** The answers a person can give, each going to a step, optionally with a small form. */
export function HumanOptionsEditor({
  options,
  onChange,
  targets,
}: {
  options: HumanOption[];
  onChange: (options: HumanOption[]) => void;
  targets: readonly Target[];
}) {
  const [label, setLabel] = useState("");
  const add = () => {
    onChange([...options, newOption(label, options, "")]); // No step until the analyst picks one.
    setLabel("");
  };
  return (
    <div className="space-y-2">
      {options.map((option, i) => (
        <ItemCard
          key={i}
          title={option.label || `Option ${i + 1}`}
          actions={
            <>
              <IconButton label={`Move ${option.label} up`} disabled={i === 0} onClick={() => onChange(moveItem(options, i, -1))}>
                <ArrowUp className="h-4 w-4" />
              </IconButton>
              <IconButton
                label={`Move ${option.label} down`}
                disabled={i === options.length - 1}
                onClick={() => onChange(moveItem(options, i, 1))}
              >
                <ArrowDown className="h-4 w-4" />
              </IconButton>
              <IconButton
                label={`Remove ${option.label}`}
                tone="danger"
                disabled={options.length === 1}
                onClick={() => onChange(removeAt(options, i))}
              >
                <Trash2 className="h-4 w-4" />
              </IconButton>
            </>
          }
        >
          <OptionFields
            option={option}
            targets={targets}
            onChange={(o) => onChange(replaceAt(options, i, o))}
            onRelabel={(l) => onChange(replaceAt(options, i, relabelOption(option, l, options)))}
          />
        </ItemCard>
      ))}
      <div className="flex gap-1.5">
        <input
          type="text"
          aria-label="New option"
          placeholder="New option, e.g. Approve"
          className={INPUT}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <AddButton onClick={add}>
          <Plus className="h-3.5 w-3.5" aria-hidden /> Add
        </AddButton>
      </div>
    </div>
  );
}

function OptionFields({
  option,
  targets,
  onChange,
  onRelabel,
}: {
  option: HumanOption;
  targets: readonly Target[];
  onChange: (o: HumanOption) => void;
  onRelabel: (label: string) => void;
}) {
  return (
    <>
      <TextField
        label="Label"
        required
        maxLength={200}
        hint={optionIdNote(option)}
        value={option.label}
        error={option.label.trim() === "" ? "Give the option a label" : null}
        onChange={(l) => onRelabel(l ?? "")}
      />
      <TextField
        label="Description"
        multiline
        rows={2}
        maxLength={2000}
        value={option.description}
        onChange={(d) => onChange(withField(option, "description", d))}
      />
      <TargetSelect
        value={option.next || undefined}
        targets={targets}
        onChange={(next) => onChange({ ...option, next: next ?? "" })}
      />
      {option.form ? (
        <div>
          <div className="mb-1 flex items-center justify-between">
            <p className="text-xs font-medium text-slate-700">Details to fill in</p>
            <button
              type="button"
              className="text-xs text-slate-500 hover:text-red-600"
              onClick={() => onChange(withField(option, "form", undefined))}
            >
              Ask for no details
            </button>
          </div>
          <InputSchemaEditor pathPrefix="$decision.data" value={option.form} onChange={(form) => onChange({ ...option, form })} />
        </div>
      ) : (
        <AddButton onClick={() => onChange({ ...option, form: { type: "object", properties: {} } })}>
          <Plus className="h-3.5 w-3.5" aria-hidden /> Ask for details with this option
        </AddButton>
      )}
    </>
  );
}
