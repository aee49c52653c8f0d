import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/workflow/canonical";

/** sha256 of the canonical JSON of a value: equal in meaning, equal hash. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
