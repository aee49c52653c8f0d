"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BrainCircuit, KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { EMPTY_PROVIDER, ModelProviderForm, type ProviderForm } from "./model-provider-form";

interface ProviderView {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  hasApiKey: boolean;
  concurrency: number;
  models: { modelId: string; label: string; contextTokens: number; inputPricePerMTok: number; outputPricePerMTok: number }[];
}

function toForm(p: ProviderView): ProviderForm {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind === "anthropic" ? "anthropic" : "openai-compatible",
    baseUrl: p.baseUrl,
    apiKey: "",
    hasApiKey: p.hasApiKey,
    removeKey: false,
    concurrency: String(p.concurrency),
    models: p.models.map((m) => ({
      modelId: m.modelId,
      label: m.label,
      contextTokens: String(m.contextTokens),
      inputPricePerMTok: String(m.inputPricePerMTok),
      outputPricePerMTok: String(m.outputPricePerMTok),
    })),
  };
}

/** The model providers agent steps may use, each with its models; add, edit, test, remove. */
export function ModelProviderList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.models.list.queryOptions());
  const [editing, setEditing] = useState<ProviderForm | null>(null);
  const remove = useMutation(
    trpc.models.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() }),
    }),
  );
  if (list.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {list.error.message}
      </p>
    );
  if (!list.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const form = editing ? <ModelProviderForm key={editing.id ?? "new"} initial={editing} onDone={() => setEditing(null)} /> : null;
  if (list.data.length === 0 && !editing)
    return (
      <EmptyState
        icon={<BrainCircuit className="h-6 w-6" aria-hidden />}
        title="No model providers yet"
        actions={
          <Button variant="primary" onClick={() => setEditing(EMPTY_PROVIDER)}>
            <Plus className="h-4 w-4" aria-hidden /> Add a provider
          </Button>
        }
      >
        Agent steps call a model through a provider: an OpenAI-compatible API (OpenAI, Azure OpenAI, OpenRouter, Ollama, vLLM, LM
        Studio, llama.cpp) or Anthropic&apos;s.
      </EmptyState>
    );
  return (
    <div className="max-w-5xl space-y-4">
      {remove.error ? (
        <p role="alert" className="text-sm text-red-600">
          {remove.error.message}
        </p>
      ) : null}
      {editing && !editing.id ? form : null}
      <ul className="space-y-3">
        {list.data.map((p) =>
          editing?.id === p.id ? (
            <li key={p.id}>{form}</li>
          ) : (
            <li key={p.id} aria-label={p.name} className="rounded-lg border border-slate-200 bg-white p-4">
              <ProviderCard
                provider={p}
                onEdit={() => setEditing(toForm(p))}
                onRemove={() => {
                  if (window.confirm(`Remove ${p.name}? Agent steps that use it will fail until it is added again.`))
                    remove.mutate({ id: p.id });
                }}
              />
            </li>
          ),
        )}
      </ul>
      {!editing ? (
        <Button variant="primary" onClick={() => setEditing(EMPTY_PROVIDER)}>
          <Plus className="h-4 w-4" aria-hidden /> Add a provider
        </Button>
      ) : null}
    </div>
  );
}

function ProviderCard({ provider: p, onEdit, onRemove }: { provider: ProviderView; onEdit: () => void; onRemove: () => void }) {
  return (
    <>
      <div className="flex items-start justify-between gap-4">
        <div>
          <h3 className="font-medium text-slate-900">{p.name}</h3>
          <p className="text-xs text-slate-500">
            {p.kind === "anthropic" ? "Anthropic" : "OpenAI-compatible"} · {p.baseUrl} · up to {p.concurrency} calls at once
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={p.hasApiKey ? "green" : "neutral"}>
            <KeyRound className="h-3 w-3" aria-hidden />
            {p.hasApiKey ? "Key saved" : "No key"}
          </Badge>
          <Button variant="ghost" onClick={onEdit} aria-label={`Edit ${p.name}`}>
            <Pencil className="h-4 w-4" aria-hidden /> Edit
          </Button>
          <Button variant="ghost" onClick={onRemove} aria-label={`Remove ${p.name}`}>
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      </div>
      {p.models.length === 0 ? (
        <p className="mt-2 text-sm text-amber-700">No models yet: edit the provider to add the models agent steps may use.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium">Model</th>
              <th className="py-1 font-medium">Context</th>
              <th className="py-1 font-medium">Input $/M tokens</th>
              <th className="py-1 font-medium">Output $/M tokens</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {p.models.map((m) => (
              <tr key={m.modelId}>
                <td className="py-1.5">
                  <span className="font-mono text-xs">{m.modelId}</span>
                  {m.label ? <span className="ml-2 text-slate-600">{m.label}</span> : null}
                </td>
                <td className="py-1.5">{m.contextTokens.toLocaleString("en")}</td>
                <td className="py-1.5">{m.inputPricePerMTok}</td>
                <td className="py-1.5">{m.outputPricePerMTok}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
