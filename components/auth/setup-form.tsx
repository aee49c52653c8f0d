"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, TextInput } from "@/components/ui/field";
import { AuthCard } from "./auth-form";
import { fieldError } from "./field-error";

/** First start in accounts mode: nobody exists yet, so the first person becomes the admin. */
export function SetupForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const setup = useMutation(trpc.auth.setup.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  return (
    <AuthCard
      title="Set up Switchyard"
      description="Nobody has an account yet. Create the first admin: you can invite everyone else afterwards."
      error={
        setup.error && !fieldError(setup.error, "email") && !fieldError(setup.error, "password") ? setup.error.message : null
      }
      submit="Create admin account"
      pending={setup.isPending}
      onSubmit={() => setup.mutate(form)}
    >
      <Field label="Your name" error={fieldError(setup.error, "name")}>
        <TextInput value={form.name} onChange={set("name")} autoComplete="name" required />
      </Field>
      <Field label="Email" error={fieldError(setup.error, "email")}>
        <TextInput type="email" value={form.email} onChange={set("email")} autoComplete="email" required />
      </Field>
      <Field label="Password" hint="At least 10 characters." error={fieldError(setup.error, "password")}>
        <TextInput type="password" value={form.password} onChange={set("password")} autoComplete="new-password" required />
      </Field>
    </AuthCard>
  );
}
