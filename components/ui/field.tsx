import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

const INPUT =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500";

export function Field({
  label,
  hint,
  error,
  required = false,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  /** Marks the label (the control itself says so with aria-required). */
  required?: boolean;
  children: ReactNode;
}) {
  // The hint sits outside the <label> so the field's accessible name is just the label.
  return (
    <div>
      <label className="block">
        <span className="block text-sm font-medium text-slate-800">
          {label}
          {required ? (
            <span className="ml-1 text-xs font-normal text-red-700" aria-hidden>
              (required)
            </span>
          ) : null}
        </span>
        <span className="mt-1.5 block">{children}</span>
      </label>
      {error ? (
        <span className="mt-1 block text-sm text-red-600">{error}</span>
      ) : hint ? (
        <span className="mt-1 block text-xs text-slate-500">{hint}</span>
      ) : null}
    </div>
  );
}

export function TextInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={INPUT} />;
}

export function TextArea(props: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...props} className={INPUT} />;
}
