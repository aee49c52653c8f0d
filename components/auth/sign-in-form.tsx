"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, TextInput } from "@/components/ui/field";
import { AuthCard } from "./auth-form";
import { fieldError } from "./field-error";

export function SignInForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: "", password: "" });
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const emailError = fieldError(signIn.error, "email");
  return (
    <AuthCard
      title="Sign in"
      description="Use the email and password your admin gave you. Forgot it? An admin can set a new one."
      error={signIn.error && !emailError ? signIn.error.message : null}
      submit="Sign in"
      pending={signIn.isPending}
      onSubmit={() => signIn.mutate(form)}
    >
      <Field label="Email" error={emailError}>
        <TextInput
          type="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          autoComplete="username"
          autoFocus
          required
        />
      </Field>
      <Field label="Password">
        <TextInput
          type="password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          autoComplete="current-password"
          required
        />
      </Field>
    </AuthCard>
  );
}
