/**
 * What bounding expressions costs on the normal path: the same expressions evaluated by plain JSONata (compiled once)
 * and through lib/workflow/expressions (compiled once, with the limits' hooks, depth and size checks and RE2).
 * Run: npx tsx scripts/bench/expression-guards.ts. Prints figures; asserts nothing.
 */
import jsonata from "jsonata";
import { evaluateExpression } from "@/lib/workflow/expressions";

const bindings = {
  result: { id: 42, status: "ok" },
  order: { total: 240, items: Array.from({ length: 20 }, (_, i) => ({ price: i + 1, qty: 2, sku: `sku-${i}` })) },
  customer: { tier: "gold", name: "Ada Lovelace", email: "ada@example.com" },
};

const cases: [string, string][] = [
  ["variable", "$result"],
  ["condition", "$order.total > 100 and $customer.tier = 'gold'"],
  ["map + sum over 20 items", "$sum($map($order.items, function($i) { $i.price * $i.qty }))"],
  ["regex match", "$contains($customer.email, /@example\\.com$/)"],
];

async function perOp(n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(n, 500); i++) await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) / n) * 1000;
}

async function main(): Promise<void> {
  const n = Number(process.env.N ?? 20_000);
  console.log(`expression evaluation, ${n} sequential evaluations each, µs per evaluation`);
  for (const [name, source] of cases) {
    const plain = jsonata(source);
    // Before the limits, evaluateExpression was the plain evaluation plus the JSON round trip that normalizes it.
    const before = await perOp(
      n,
      async () => JSON.parse(JSON.stringify((await plain.evaluate({}, bindings)) ?? null)) as unknown,
    );
    const bounded = await perOp(n, () => evaluateExpression(source, bindings));
    const row = `${name.padEnd(26)} before ${before.toFixed(1).padStart(6)}  bounded ${bounded.toFixed(1).padStart(6)}`;
    console.log(`${row}  (+${(bounded - before).toFixed(1)} µs, ${((bounded / before - 1) * 100).toFixed(0)}%)`);
  }
}

void main();
