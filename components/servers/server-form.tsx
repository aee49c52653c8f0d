"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { ProblemList } from "@/components/ui/problem-list";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import { TRANSPORT_LABELS, type McpServerConfig, type OAuthSettings } from "@/lib/mcp/server-config";
import { OAuthFields } from "./oauth-fields";
import { SecretRows, fromRows, toRows, type Row } from "./key-value-rows";
import { TestResultPanel } from "./test-result";

export interface ServerFormValue {
  id?: string;
  name: string;
  title: string;
  description: string;
  config: McpServerConfig;
}

const EMPTY: McpServerConfig = { transport: "stdio", command: "", args: [], env: {} };

/** Add or edit an MCP server: transport-specific fields, secrets as "set", and a connection test before saving. */
export function ServerForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: ServerFormValue;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = initial?.config ?? EMPTY;
  const [name, setName] = useState(initial?.name ?? "");
  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [transport, setTransport] = useState<McpServerConfig["transport"]>(start.transport);
  const [command, setCommand] = useState(start.transport === "stdio" ? start.command : "");
  const [args, setArgs] = useState(start.transport === "stdio" ? start.args.join("\n") : "");
  const [cwd, setCwd] = useState(start.transport === "stdio" ? (start.cwd ?? "") : "");
  const [env, setEnv] = useState<Row[]>(start.transport === "stdio" ? toRows(start.env) : []);
  const [url, setUrl] = useState(start.transport !== "stdio" ? start.url : "");
  const [headers, setHeaders] = useState<Row[]>(start.transport !== "stdio" ? toRows(start.headers) : []);
  const [token, setToken] = useState(start.transport !== "stdio" ? (start.bearerToken ?? "") : "");
  const [oauth, setOAuth] = useState<OAuthSettings | null>(start.transport !== "stdio" ? (start.oauth ?? null) : null);

  const config = (): McpServerConfig =>
    transport === "stdio"
      ? {
          transport,
          command: command.trim(),
          args: args
            .split("\n")
            .map((a) => a.trim())
            .filter(Boolean),
          env: fromRows(env),
          ...(cwd.trim() ? { cwd: cwd.trim() } : {}),
        }
      : {
          transport,
          url: url.trim(),
          headers: fromRows(headers),
          ...(token ? { bearerToken: token } : {}),
          ...(oauth ? { oauth } : {}),
        };
  const payload = () => ({ name: name.trim(), title, description, config: config() });

  const test = useMutation(trpc.servers.testConfig.mutationOptions());
  const onDone = async (id: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.servers.pathKey() });
    onSaved(id);
  };
  const create = useMutation(trpc.servers.create.mutationOptions({ onSuccess: ({ id }) => onDone(id) }));
  const update = useMutation(trpc.servers.update.mutationOptions({ onSuccess: () => onDone(initial?.id ?? "") }));
  const save = initial?.id ? update : create;
  const failure = save.error ? describeError(save.error) : test.error ? describeError(test.error) : null;

  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        if (initial?.id) update.mutate({ id: initial.id, ...payload() });
        else create.mutate(payload());
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" hint="Short and stable: workflows refer to the server by it (e.g. crm).">
          <TextInput required value={name} onChange={(e) => setName(e.target.value)} name="name" placeholder="crm" />
        </Field>
        <Field label="Display name (optional)">
          <TextInput value={title} onChange={(e) => setTitle(e.target.value)} name="title" placeholder="Customer CRM" />
        </Field>
      </div>
      <Field label="Description (optional)">
        <TextArea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} name="description" />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">How to reach it</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {(Object.keys(TRANSPORT_LABELS) as McpServerConfig["transport"][]).map((t) => (
            <label
              key={t}
              className={`cursor-pointer rounded-md px-3 py-1.5 text-sm ring-1 ${transport === t ? "bg-brand-50 text-brand-700 ring-brand-500" : "ring-slate-300"}`}
            >
              <input
                type="radio"
                name="transport"
                value={t}
                checked={transport === t}
                onChange={() => setTransport(t)}
                className="sr-only"
              />
              {TRANSPORT_LABELS[t]}
            </label>
          ))}
        </div>
      </fieldset>
      {transport === "stdio" ? (
        <>
          <Field label="Command" hint="The program that starts the server, e.g. node or npx.">
            <TextInput
              required
              value={command}
              onChange={(e) => setCommand(e.target.value)}
              name="command"
              className="font-mono"
            />
          </Field>
          <Field label="Arguments" hint="One per line.">
            <TextArea rows={3} value={args} onChange={(e) => setArgs(e.target.value)} name="args" />
          </Field>
          <Field label="Working directory (optional)" hint="Defaults to the Switchyard folder.">
            <TextInput value={cwd} onChange={(e) => setCwd(e.target.value)} name="cwd" />
          </Field>
          <SecretRows
            label="Environment variables"
            addLabel="Add variable"
            rows={env}
            onChange={setEnv}
            keyPlaceholder="API_KEY"
          />
        </>
      ) : (
        <>
          <Field label="URL" hint="The server's MCP endpoint, often ending in /mcp (or /sse for the legacy transport).">
            <TextInput
              required
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              name="url"
              placeholder="http://127.0.0.1:3001/mcp"
            />
          </Field>
          <Field label="Bearer token (optional)">
            <TextInput type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} name="token" />
          </Field>
          <SecretRows label="Headers" addLabel="Add header" rows={headers} onChange={setHeaders} keyPlaceholder="X-Api-Key" />
          <OAuthFields value={oauth} onChange={setOAuth} />
        </>
      )}
      {test.data ? <TestResultPanel result={test.data} /> : null}
      {failure ? (
        <div role="alert" className="space-y-2">
          <p className="text-sm font-medium text-red-700">{failure.message}</p>
          <ProblemList problems={failure.problems} />
        </div>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          onClick={() => test.mutate({ ...payload(), ...(initial?.id ? { id: initial.id } : {}) })}
          disabled={test.isPending}
        >
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : initial?.id ? "Save changes" : "Add server"}
        </Button>
      </div>
    </form>
  );
}
