/** The big log big-result-server.ts returns: `lines` lines of routine noise with one needle at line `needleAt`. */
export function logLines(lines: number, needleAt: number): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    const n = String(i).padStart(6, "0");
    out.push(
      i === needleAt
        ? `line ${n}: order ORD-1001 refunded; the refund code is NEEDLE-4242 ${"·".repeat(40)}`
        : `line ${n}: routine sync of the warehouse ledger, nothing to report ${"·".repeat(30)}`,
    );
  }
  return out.join("\n");
}
