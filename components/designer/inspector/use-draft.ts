"use client";

import { useState } from "react";

/**
 * Local text for a controlled field whose text does not map one to one to the
 * value (a number being typed, JSON, a list with a duplicate name...). The
 * draft follows the value when it changes from outside; `basis` is the
 * external form of the value the draft last produced.
 */
export function useDraft<T>(external: string, initial: () => T): [T, (draft: T, basis: string) => void] {
  const [state, setState] = useState(() => ({ draft: initial(), basis: external }));
  if (state.basis !== external) {
    const next = { draft: initial(), basis: external };
    setState(next);
    return [next.draft, (draft, basis) => setState({ draft, basis })];
  }
  return [state.draft, (draft, basis) => setState({ draft, basis })];
}
