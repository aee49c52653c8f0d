"use client";

import Image from "next/image";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ROLE_DESCRIPTIONS, isRole } from "@/lib/auth/roles";

interface Details {
  client: { name: string; redirectHost: string };
  resource: string;
  user: { name: string; email: string; role: string };
  roles: { role: string; label: string }[];
}

type State = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; details: Details };

const SELECT =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-500";

async function errorOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { error_description?: string };
  return body.error_description ?? `Switchyard answered ${res.status}`;
}

/** The consent screen: the application's name and where it sends the answer, the role its access gets, approve/deny. */
export function ConsentCard() {
  // The authorization request is the page's query string (read once; not rendered, so no hydration mismatch).
  const [query] = useState(() => (typeof window === "undefined" ? "" : window.location.search.replace(/^\?/, "")));
  const [state, setState] = useState<State>({ kind: "loading" });
  const [role, setRole] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const res = await fetch(`/oauth/authorize/details?${query}`, { cache: "no-store" });
      if (!res.ok) return setState({ kind: "error", message: await errorOf(res) });
      const details = (await res.json()) as Details;
      setRole(details.user.role);
      setState({ kind: "ready", details });
    })().catch(() => setState({ kind: "error", message: "Switchyard could not be reached; reload the page" }));
  }, [query]);

  const decide = async (approve: boolean) => {
    setPending(true);
    setFailure(null);
    try {
      const res = await fetch("/oauth/authorize/decision", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, approve, role }),
      });
      if (!res.ok) throw new Error(await errorOf(res));
      const { redirectTo } = (await res.json()) as { redirectTo: string };
      window.location.assign(redirectTo);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setPending(false);
    }
  };

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2.5">
          <Image src="/logo.svg" alt="" width={28} height={28} priority />
          <span className="text-base font-semibold tracking-tight text-slate-900">Switchyard</span>
        </div>
        {state.kind === "loading" ? <p className="text-sm text-slate-500">Loading…</p> : null}
        {state.kind === "error" ? (
          <>
            <h1 className="text-xl font-semibold text-slate-900">This authorization request cannot be used</h1>
            <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {state.message}
            </p>
            <p className="mt-4 text-sm text-slate-600">Start the connection again from your MCP client.</p>
          </>
        ) : null}
        {state.kind === "ready" ? (
          <>
            <h1 className="text-xl font-semibold text-slate-900">
              Allow <span className="text-brand-700">{state.details.client.name}</span> to use Switchyard?
            </h1>
            <p className="mt-2 text-sm text-slate-600">
              It will act as <strong className="font-medium text-slate-900">{state.details.user.name}</strong> (
              {state.details.user.email}) through Switchyard&apos;s MCP endpoint, with the role you choose below.
            </p>
            <dl className="mt-5 space-y-2 rounded-lg bg-slate-50 px-4 py-3 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-slate-500">Sends you back to</dt>
                <dd className="font-mono text-slate-800">{state.details.client.redirectHost}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-500">Access to</dt>
                <dd className="truncate font-mono text-slate-800" title={state.details.resource}>
                  {state.details.resource}
                </dd>
              </div>
            </dl>
            <div className="mt-5">
              <Field
                label="Role for this application"
                hint={`${isRole(role) ? `${ROLE_DESCRIPTIONS[role]}. ` : ""}Never more than yours; revoke it any time in Settings.`}
              >
                <select className={SELECT} value={role} onChange={(e) => setRole(e.target.value)}>
                  {state.details.roles.map((r) => (
                    <option key={r.role} value={r.role}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            {failure ? (
              <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
                {failure}
              </p>
            ) : null}
            <div className="mt-6 flex gap-3">
              <Button className="flex-1" disabled={pending} onClick={() => void decide(false)}>
                Deny
              </Button>
              <Button variant="primary" className="flex-1" disabled={pending} onClick={() => void decide(true)}>
                {pending ? "Please wait…" : "Allow"}
              </Button>
            </div>
            <p className="mt-4 text-xs text-slate-500">
              Only allow applications you started yourself. Switchyard never shows your password to them.
            </p>
          </>
        ) : null}
      </div>
    </main>
  );
}
