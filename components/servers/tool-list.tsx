import { AnnotationBadges, type ToolAnnotations } from "./annotation-badges";

interface ToolView {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: ToolAnnotations;
}

/** A server's tools with their safety hints and parameters. */
export function ToolList({ tools }: { tools: ToolView[] }) {
  if (tools.length === 0) return <p className="text-sm text-slate-500">No tools listed yet. Test the connection to load them.</p>;
  return (
    <ul aria-label="Tools" className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
      {tools.map((tool) => {
        const params = parameters(tool.inputSchema);
        return (
          <li key={tool.name} className="px-5 py-3">
            <div className="flex flex-wrap items-center gap-3">
              <span className="font-mono text-sm font-medium text-slate-900">{tool.name}</span>
              {tool.title && tool.title !== tool.name ? <span className="text-sm text-slate-600">{tool.title}</span> : null}
              <AnnotationBadges annotations={tool.annotations} />
            </div>
            {tool.description ? <p className="mt-1 line-clamp-2 text-sm text-slate-600">{tool.description}</p> : null}
            <p className="mt-1 text-xs text-slate-500">
              {params.length === 0
                ? "No parameters"
                : params.map((p, i) => (
                    <span key={p.name}>
                      {i > 0 ? ", " : ""}
                      <span className="font-mono">{p.name}</span>
                      {p.required ? (
                        <span className="text-red-600" title="required">
                          *
                        </span>
                      ) : null}
                      {p.type ? <span className="text-slate-400"> ({p.type})</span> : null}
                    </span>
                  ))}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function parameters(schema: Record<string, unknown>): { name: string; type?: string | undefined; required: boolean }[] {
  const props = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.entries(props).map(([name, p]) => ({
    name,
    type: typeof p.type === "string" ? p.type : undefined,
    required: required.includes(name),
  }));
}
