/** Small statistics and formatting helpers for the benchmark scripts. */

/** The q-quantile (0..1) of a sample, nearest-rank. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (values: ArrayLike<number>): number => quantile(values, 0.5);

export function range(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** Milliseconds with 3 decimals ("0.352"). */
export const ms = (value: number): string => value.toFixed(3);

/** Signed milliseconds ("+0.012", "-0.004"). */
export const signedMs = (value: number): string => `${value >= 0 ? "+" : "-"}${Math.abs(value).toFixed(3)}`;

/** Integer with thousands separators ("16,540"). */
export const int = (value: number): string => Math.round(value).toLocaleString("en-US");

/** A markdown table, columns padded so it also reads well in a terminal. */
export function table(header: string[], rows: string[][], alignRight: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (text: string, i: number) => (alignRight[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (alignRight[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
