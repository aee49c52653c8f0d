"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plug, Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { fieldError } from "@/components/auth/field-error";
import { PROVIDER_KINDS, type ProviderKind } from "@/lib/agent/providers";

export interface ModelRow {
  modelId: string;
  label: string;
  contextTokens: string;
  inputPricePerMTok: string;
  outputPricePerMTok: string;
}

export interface ProviderForm {
  id?: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  /** Empty: keep the saved key (or none for a new provider). */
  apiKey: string;
  hasApiKey: boolean;
  removeKey: boolean;
  concurrency: string;
  models: ModelRow[];
}

const KIND_LABELS: Record<ProviderKind, string> = {
  "openai-compatible": "OpenAI-compatible (OpenAI, Azure, OpenRouter, Ollama, vLLM, LM Studio, llama.cpp)",
  anthropic: "Anthropic Messages API",
};
const BASE_URL_HINTS: Record<ProviderKind, string> = {
  "openai-compatible": "e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)",
  anthropic: "e.g. https://api.anthropic.com/v1",
};

export const EMPTY_MODEL: ModelRow = {
  modelId: "",
  label: "",
  contextTokens: "128000",
  inputPricePerMTok: "0",
  outputPricePerMTok: "0",
};
export const EMPTY_PROVIDER: ProviderForm = {
  name: "",
  kind: "openai-compatible",
  baseUrl: "",
  apiKey: "",
  hasApiKey: false,
  removeKey: false,
  concurrency: "4",
  models: [EMPTY_MODEL],
};

/** What the server takes: numbers parsed, the key only when changed. */
export function toInput(form: ProviderForm) {
  const num = (text: string) => (text.trim() === "" ? undefined : Number(text));
  return {
    name: form.name,
    kind: form.kind,
    baseUrl: form.baseUrl.trim(),
    ...(form.apiKey ? { apiKey: form.apiKey } : form.removeKey ? { apiKey: null } : {}),
    concurrency: num(form.concurrency),
    models: form.models
      .filter((m) => m.modelId.trim() !== "")
      .map((m) => ({
        modelId: m.modelId.trim(),
        label: m.label.trim() || undefined,
        contextTokens: num(m.contextTokens),
        inputPricePerMTok: num(m.inputPricePerMTok),
        outputPricePerMTok: num(m.outputPricePerMTok),
      })),
  };
}

/** Adds or edits a provider: its API, URL, key (write-only), concurrency and models; Test connection lists its models. */
export function ModelProviderForm({ initial, onDone }: { initial: ProviderForm; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.models.choices.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.models.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.models.update.mutationOptions({ onSuccess: done }));
  const test = useMutation(trpc.models.test.mutationOptions());
  const save = form.id ? update : create;
  const error = save.error;
  const set = (patch: Partial<ProviderForm>) => setForm((f) => ({ ...f, ...patch }));
  const setModel = (i: number, patch: Partial<ModelRow>) =>
    set({ models: form.models.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const known = ["name", "baseUrl", "apiKey", "concurrency"].some((f) => fieldError(error, f));
  return (
    <form
      aria-label={form.id ? `Edit ${initial.name}` : "Add a model provider"}
      className="max-w-4xl space-y-4 rounded-lg border border-slate-200 bg-white p-5"
      onSubmit={(e) => {
        e.preventDefault();
        if (form.id) update.mutate({ id: form.id, provider: toInput(form) });
        else create.mutate({ provider: toInput(form) });
      }}
    >
      <div className="grid grid-cols-2 gap-4">
        <Field label="Name" hint="How agent steps refer to it, e.g. OpenAI" error={fieldError(error, "name")}>
          <TextInput value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </Field>
        <label className="block">
          <span className="block text-sm font-medium text-slate-800">API</span>
          <select
            aria-label="API"
            value={form.kind}
            onChange={(e) => set({ kind: e.target.value as ProviderKind })}
            className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300"
          >
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <Field label="Base URL" hint={BASE_URL_HINTS[form.kind]} error={fieldError(error, "baseUrl")}>
          <TextInput value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} />
        </Field>
        <Field
          label="API key"
          hint={
            form.hasApiKey && !form.removeKey
              ? "A key is saved (encrypted; it is never shown). Type a new one to replace it."
              : "Stored encrypted and never shown again. Local servers usually need none."
          }
          error={fieldError(error, "apiKey")}
        >
          <TextInput
            type="password"
            autoComplete="off"
            placeholder={form.hasApiKey && !form.removeKey ? "•••••••• (saved)" : ""}
            value={form.apiKey}
            onChange={(e) => set({ apiKey: e.target.value })}
          />
        </Field>
        <Field
          label="Concurrency limit"
          hint="Model calls in flight at once to this provider; the rest wait their turn."
          error={fieldError(error, "concurrency")}
        >
          <TextInput type="number" min={1} value={form.concurrency} onChange={(e) => set({ concurrency: e.target.value })} />
        </Field>
        {form.hasApiKey ? (
          <label className="flex items-end gap-2 pb-2 text-sm text-slate-700">
            <input type="checkbox" checked={form.removeKey} onChange={(e) => set({ removeKey: e.target.checked })} />
            Remove the saved key
          </label>
        ) : null}
      </div>
      <ModelRows rows={form.models} setModel={setModel} setRows={(models) => set({ models })} error={error} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {form.id ? "Save changes" : "Add provider"}
        </Button>
        <Button
          onClick={() => test.mutate({ ...(form.id ? { id: form.id } : {}), provider: toInput(form) })}
          disabled={test.isPending}
        >
          <Plug className="h-4 w-4" aria-hidden /> {test.isPending ? "Testing…" : "Test connection"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {error && !known ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
          {problemsOf(error)}
        </p>
      ) : null}
      {test.data ? (
        <p role="status" className={test.data.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {test.data.message} ({test.data.latencyMs} ms)
        </p>
      ) : test.error ? (
        <p role="alert" className="text-sm text-red-600">
          {test.error.message}
        </p>
      ) : null}
    </form>
  );
}

function problemsOf(error: unknown): string {
  const problems = (error as { data?: { problems?: { path: unknown[]; message: string }[] } }).data?.problems ?? [];
  return problems.length ? `: ${problems.map((p) => `${p.path.join(".")} ${p.message}`).join("; ")}` : "";
}

function ModelRows({
  rows,
  setModel,
  setRows,
  error,
}: {
  rows: ModelRow[];
  setModel: (i: number, patch: Partial<ModelRow>) => void;
  setRows: (rows: ModelRow[]) => void;
  error: unknown;
}) {
  const cell = "rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300 w-full";
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Models</legend>
      <p className="mb-2 text-xs text-slate-500">
        The provider&apos;s model ids, their context size and prices in US dollars per million tokens (used for cost budgets and
        Insights).
      </p>
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th className="pb-1 font-medium">Model id</th>
            <th className="pb-1 font-medium">Label</th>
            <th className="pb-1 font-medium">Context (tokens)</th>
            <th className="pb-1 font-medium">Input $/M</th>
            <th className="pb-1 font-medium">Output $/M</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((m, i) => (
            <tr key={i} className="align-top">
              {(["modelId", "label", "contextTokens", "inputPricePerMTok", "outputPricePerMTok"] as const).map((k) => (
                <td key={k} className="pr-2 pb-2">
                  <input
                    aria-label={`Model ${i + 1} ${k === "modelId" ? "id" : k}`}
                    className={cell}
                    value={m[k]}
                    inputMode={k === "modelId" || k === "label" ? "text" : "decimal"}
                    onChange={(e) => setModel(i, { [k]: e.target.value })}
                  />
                </td>
              ))}
              <td className="pb-2">
                <Button
                  variant="ghost"
                  aria-label={`Remove model ${i + 1}`}
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  <Trash2 className="h-4 w-4" aria-hidden />
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {fieldError(error, "models") ? <p className="text-sm text-red-600">{fieldError(error, "models")}</p> : null}
      <Button onClick={() => setRows([...rows, EMPTY_MODEL])}>
        <Plus className="h-4 w-4" aria-hidden /> Add a model
      </Button>
    </fieldset>
  );
}
