/**
 * What the designer needs to know about one kind of step: how it looks in the
 * palette and on the canvas, which outgoing handles it has, and what a new
 * one contains. Each kind lives in its own file; registry.ts lists them.
 */
import type { LucideIcon } from "lucide-react";
import type { StateType } from "@/lib/workflow/schema";

export type HandleTone = "normal" | "error" | "timeout";

export interface HandleSpec {
  /** The handle id; see lib/workflow/canvas/model.ts handleForField. */
  id: string;
  label?: string | undefined;
  tone: HandleTone;
  /** Bottom handles carry the normal flow; the side handle carries error routes. */
  side: "bottom" | "right";
}

export interface NodeKind {
  type: StateType;
  /** Plain name shown in the palette and on the node. */
  label: string;
  /** One line shown in the palette under the name. */
  hint: string;
  icon: LucideIcon;
  /** Tailwind classes for the icon chip. */
  accent: string;
  /** Outgoing handles for a state of this kind. */
  handles(state: Record<string, unknown>): HandleSpec[];
  /** One or two short lines that summarise the state on the card. */
  summary(state: Record<string, unknown>): string[];
  /** A new state of this kind, as dropped from the palette. */
  create(): Record<string, unknown>;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

export function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
}

/** "{% $customer.name %}" -> "‹customer.name›" so titles read well on the canvas. */
export function readable(text: string): string {
  return text.replace(/\{%\s*(.*?)\s*%\}/g, (_m, expr: string) => `‹${expr.replace(/^\$/, "")}›`);
}

export function seconds(ms: unknown): string | undefined {
  if (typeof ms !== "number") return undefined;
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}
