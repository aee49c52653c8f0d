"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { fieldError } from "@/components/auth/field-error";
import { ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/auth/roles";

export const parseGroups = (text: string) =>
  text
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);

const EMPTY = { name: "", email: "", role: "operator" as Role, groups: "", password: "" };

/** Adds a person with an initial password the admin hands over; they change it under Settings > Account. */
export function UserForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        setForm(EMPTY);
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
    }),
  );
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const known = ["name", "email", "password", "groups"].some((f) => fieldError(create.error, f));
  return (
    <form
      className="grid max-w-3xl grid-cols-2 gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ ...form, groups: parseGroups(form.groups) });
      }}
    >
      <Field label="Name" error={fieldError(create.error, "name")}>
        <TextInput value={form.name} onChange={set("name")} />
      </Field>
      <Field label="Email" error={fieldError(create.error, "email")}>
        <TextInput type="email" value={form.email} onChange={set("email")} />
      </Field>
      <label className="block">
        <span className="block text-sm font-medium text-slate-800">Role</span>
        <select
          aria-label="Role"
          value={form.role}
          onChange={set("role")}
          className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}: {ROLE_DESCRIPTIONS[r]}
            </option>
          ))}
        </select>
      </label>
      <Field
        label="Groups"
        hint="Comma-separated, e.g. billing, support. Escalations assigned to a group go to its operators."
        error={fieldError(create.error, "groups")}
      >
        <TextInput value={form.groups} onChange={set("groups")} />
      </Field>
      <Field
        label="Initial password"
        hint="At least 10 characters. Give it to them in person; they can change it under Settings after signing in."
        error={fieldError(create.error, "password")}
      >
        <TextInput type="text" autoComplete="off" value={form.password} onChange={set("password")} />
      </Field>
      <div className="flex items-end">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          <UserPlus className="h-4 w-4" aria-hidden /> Add user
        </Button>
      </div>
      {create.error && !known ? (
        <p role="alert" className="col-span-2 text-sm text-red-600">
          {create.error.message}
        </p>
      ) : null}
      {create.isSuccess ? (
        <p role="status" className="col-span-2 text-sm text-emerald-700">
          Added {create.data.name}. They can sign in now.
        </p>
      ) : null}
    </form>
  );
}
