"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { ProblemList } from "@/components/ui/problem-list";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import type { FieldSchema, InputSchema } from "@/lib/workflow/input-schema";

/** A form built from the published version's input schema; the run starts on submit. */
export function StartRunDialog({
  workflowId,
  schema,
  open,
  onClose,
}: {
  workflowId: string;
  schema: InputSchema | null;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const fields = Object.entries(schema?.properties ?? {});
  const required = new Set(schema?.required ?? []);
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: ({ runId }) => router.push(`/runs/${runId}`) }));
  const failure = start.error ? describeError(start.error) : null;
  return (
    <Dialog open={open} onClose={onClose} title="Start a run">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ workflowId, input: toInput(fields, values) });
        }}
      >
        {fields.length === 0 ? <p className="text-sm text-slate-600">This workflow takes no input.</p> : null}
        {fields.map(([name, field]) => (
          <InputField
            key={name}
            name={name}
            field={field}
            required={required.has(name)}
            value={values[name]}
            onChange={(v) => setValues({ ...values, [name]: v })}
          />
        ))}
        {failure ? (
          <div role="alert" className="space-y-2">
            <p className="text-sm font-medium text-red-700">{failure.message}</p>
            <ProblemList problems={failure.problems} />
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={start.isPending}>
            {start.isPending ? "Starting…" : "Start run"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function InputField({
  name,
  field,
  required,
  value,
  onChange,
}: {
  name: string;
  field: FieldSchema;
  required: boolean;
  value: string | boolean | undefined;
  onChange: (v: string | boolean) => void;
}) {
  const label = `${field.title ?? name}${required ? "" : " (optional)"}`;
  if (field.type === "boolean") {
    return (
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    );
  }
  if (field.enum) {
    return (
      <Field label={label} hint={field.description}>
        <select
          className="block w-full rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
          value={String(value ?? "")}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">Choose…</option>
          {field.enum.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      </Field>
    );
  }
  if (field.type === "object" || field.type === "array") {
    return (
      <Field label={label} hint={field.description ?? "As JSON"}>
        <TextArea rows={3} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} className="font-mono" />
      </Field>
    );
  }
  return (
    <Field label={label} hint={field.description}>
      <TextInput
        type={field.type === "number" || field.type === "integer" ? "number" : field.format === "email" ? "email" : "text"}
        step={field.type === "integer" ? 1 : "any"}
        value={String(value ?? "")}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** Form strings to typed input; empty optional fields are left out (the server names what is missing). */
function toInput(fields: [string, FieldSchema][], values: Record<string, string | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of fields) {
    const v = values[name];
    if (v === undefined || v === "") continue;
    if (typeof v === "boolean") out[name] = v;
    else if (field.type === "number" || field.type === "integer") out[name] = Number(v);
    else if (field.type === "object" || field.type === "array") {
      try {
        out[name] = JSON.parse(v) as unknown;
      } catch {
        out[name] = v;
      }
    } else out[name] = v;
  }
  return out;
}
