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

/**
 * The option with a new label. Its id follows the label while it is still the one made from the label (a renamed
 * "Approve" is recorded as "use_billing", not "approve"); an id set otherwise (imported, hand-written) is kept.
 * Runs keep the id of their own version, so a draft may change it.
 */
export function relabelOption(option: HumanOption, label: string, options: readonly HumanOption[]): HumanOption {
  const taken = new Set(options.filter((o) => o !== option).map((o) => o.id));
  const auto = option.label.trim() === "" || deriveStateId(option.label, taken) === option.id;
  if (!auto || label.trim() === "") return { ...option, label };
  return { ...option, label, id: deriveStateId(label, taken) };
}
