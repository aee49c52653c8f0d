"use client";

import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import type { ReactNode } from "react";

/** The optional note a person adds to what they decide; it is kept in the run's history. */
export function NoteField({
  value,
  onChange,
  placeholder = "Kept in the run's history",
}: {
  value: string;
  onChange: (note: string) => void;
  placeholder?: string;
}) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-800">Note (optional)</span>
      <TextArea rows={2} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} />
    </label>
  );
}

/** Shown while nobody is named: every answer or decision is recorded with the person's name. */
export function NameFirstHint({ by, what }: { by: string; what: "answer" | "decision" }) {
  if (by.trim() !== "") return null;
  return <p className="text-sm text-amber-700">Enter your name above first: every {what} is recorded with it.</p>;
}

export type RequestAction = "accept" | "decline" | "cancel";

/** The three answers to a server's question: accept (the form's submit where `submits`), decline, or dismiss. */
export function RequestAnswerButtons({
  accept,
  submits = false,
  disabled,
  send,
}: {
  accept: ReactNode;
  submits?: boolean;
  disabled: boolean;
  send: (action: RequestAction) => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        type={submits ? "submit" : "button"}
        variant="primary"
        disabled={disabled}
        onClick={submits ? undefined : () => send("accept")}
      >
        {accept}
      </Button>
      <Button disabled={disabled} onClick={() => send("decline")}>
        Decline
      </Button>
      <Button variant="ghost" disabled={disabled} onClick={() => send("cancel")}>
        Dismiss without answering
      </Button>
    </div>
  );
}
