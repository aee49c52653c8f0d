/** The options of a person's task: ids derived from labels once, then kept. */
import { deriveStateId } from "@/lib/workflow/ids";
import type { HumanOption } from "@/lib/workflow/schema";

/**
 * A new option: its id is derived from its label ("Approve the refund" ->
 * "approve_the_refund"), unused among the options, and never changes after:
 * decisions already recorded in runs refer to it.
 */
export function newOption(label: string, options: readonly HumanOption[], next: string): HumanOption {
  const taken = new Set(options.map((o) => o.id));
  const text = label.trim() || `Option ${options.length + 1}`;
  return { id: deriveStateId(text, taken), label: text, next };
}

/** A short description of an option's id for the screen. */
export function optionIdNote(option: HumanOption): string {
  return `Recorded as "${option.id}"`;
}
