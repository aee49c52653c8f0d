/** The message of a tRPC error for one input field (zod's or the server's problem list), or null. */
export function fieldError(error: unknown, field: string): string | null {
  const data = (
    error as {
      data?: {
        zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
        problems?: { path: unknown[]; message: string }[];
      };
    } | null
  )?.data;
  const zod = data?.zodError?.fieldErrors?.[field]?.[0];
  if (zod) return zod;
  return data?.problems?.find((p) => p.path[0] === field)?.message ?? null;
}
