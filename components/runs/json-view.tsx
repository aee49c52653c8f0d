/** A JSON value, pretty-printed, truncated with a note when very long. */
export function JsonView({ value, max = 4000 }: { value: unknown; max?: number }) {
  const text = JSON.stringify(value, null, 2) ?? "null";
  const shown = text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
  return (
    <pre className="max-h-72 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs wrap-anywhere whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200">
      {shown}
    </pre>
  );
}
