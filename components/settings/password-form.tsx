"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { fieldError } from "@/components/auth/field-error";

export function PasswordForm() {
  const trpc = useTRPC();
  const [form, setForm] = useState({ current: "", next: "" });
  const change = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: () => setForm({ current: "", next: "" }) }));
  const currentError = fieldError(change.error, "current");
  const nextError = fieldError(change.error, "next");
  return (
    <form
      className="max-w-sm space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(form);
      }}
    >
      <Field label="Current password" error={currentError}>
        <TextInput
          type="password"
          autoComplete="current-password"
          value={form.current}
          onChange={(e) => setForm({ ...form, current: e.target.value })}
        />
      </Field>
      <Field
        label="New password"
        hint="At least 10 characters. You stay signed in here; other sessions are signed out."
        error={nextError}
      >
        <TextInput
          type="password"
          autoComplete="new-password"
          value={form.next}
          onChange={(e) => setForm({ ...form, next: e.target.value })}
        />
      </Field>
      {change.error && !currentError && !nextError ? (
        <p role="alert" className="text-sm text-red-600">
          {change.error.message}
        </p>
      ) : null}
      {change.isSuccess ? (
        <p role="status" className="text-sm text-emerald-700">
          Password changed.
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
