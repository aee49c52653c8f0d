"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Section } from "@/components/ui/section";
import { Field, TextArea } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { describeError } from "@/components/workflows/error-message";
import { parseRootsText, rootsText } from "@/lib/mcp/roots";

/** The roots the server is offered when it asks (MCP roots/list): where it may work, e.g. which folders it may read. */
export function RootsSetting({ server, editable }: { server: string; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery(trpc.servers.roots.queryOptions({ server }));
  // What the admin typed (null: not edited, the saved roots are shown).
  const [draft, setDraft] = useState<string | null>(null);
  const savedText = saved.data ? rootsText(saved.data) : "";
  const text = draft ?? savedText;
  const save = useMutation(
    trpc.servers.setRoots.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.servers.roots.queryKey({ server }) });
        setDraft(null);
      },
    }),
  );
  const parsed = parseRootsText(text);
  const problems = parsed.ok ? null : parsed.problems.join(" · ");
  return (
    <Section
      title="Roots"
      hint="What the server is told when it asks for its roots (MCP roots/list): the locations it may work in. None: an empty list. A connected server is told when they change."
    >
      <Field
        label="Roots offered"
        hint="One a line: a file:// URI, then optionally a name, e.g. file:///srv/data Shared data"
        error={problems}
      >
        <TextArea
          rows={3}
          value={text}
          disabled={!editable || saved.isPending}
          placeholder="file:///srv/data Shared data"
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
        />
      </Field>
      {editable ? (
        <div className="mt-2 flex items-center gap-3">
          <Button
            disabled={!parsed.ok || save.isPending || text === savedText}
            onClick={() => parsed.ok && save.mutate({ server, roots: parsed.roots })}
          >
            Save roots
          </Button>
          {save.error ? <p className="text-xs text-red-600">{describeError(save.error).message}</p> : null}
        </div>
      ) : null}
    </Section>
  );
}
