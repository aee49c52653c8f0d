import type { Problem } from "@/lib/workflow/problems";

interface TrpcLikeError {
  message: string;
  data?: { problems?: Problem[] } | null;
}

/** The message and problem list of a failed tRPC call. */
export function describeError(error: unknown): { message: string; problems: Problem[] } {
  if (typeof error === "object" && error !== null && "message" in error) {
    const e = error as TrpcLikeError;
    return { message: e.message, problems: e.data?.problems ?? [] };
  }
  return { message: String(error), problems: [] };
}
