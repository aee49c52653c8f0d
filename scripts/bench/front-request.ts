/**
 * The front's per-request conversions (scripts/front/hot-routes.ts), timed in one process, alternating, so the ratio
 * holds on a loaded machine where a throughput A/B does not: a start's body handed to the route as a web stream and
 * read back (`req.text()`) against handed as text (`withReadBody`), and its answer read back from the Response's
 * stream (`arrayBuffer()`) against kept as text (`jsonAnswer`/`answerText`). Asserts nothing.
 *
 *   npx tsx scripts/bench/front-request.ts [--n 20000]
 */
import type { IncomingMessage } from "node:http";
import { parseArgs } from "node:util";
import { answerText, jsonAnswer, readJson } from "@/server/api/http";
import { toWebRequest } from "@/scripts/front/hot-routes";
import { table } from "./stats";

const { values } = parseArgs({ options: { n: { type: "string", default: "20000" } } });
const N = Number(values.n);

const headers = {
  host: "127.0.0.1:3000",
  connection: "keep-alive",
  "content-type": "application/json",
  accept: "*/*",
  "accept-language": "*",
  "sec-fetch-mode": "cors",
  "user-agent": "node",
  "accept-encoding": "gzip, deflate",
  "content-length": "9",
};
const body = Buffer.from('{"n":123}');
const incoming = {
  method: "POST",
  url: "/api/workflows/wf_00mxd87m306u502epsvn0/runs",
  headers,
  socket: {},
} as unknown as IncomingMessage;
const answer = { runId: "run_00mxd87r2friwesvzj7_k", version: 1, url: "http://127.0.0.1:3000/runs/run_00mxd87r2friwesvzj7_k" };
const init = { status: 201, headers: { "Cache-Control": "no-store, no-transform", "Server-Timing": "app;dur=1.00" } };

/** toWebRequest as it was before (session 7): the body in the Request, as a stream. */
function withStreamBody(): Request {
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) h.set(name, value);
  return new Request(`http://${headers.host}${incoming.url ?? "/"}`, { method: "POST", headers: h, body: new Uint8Array(body) });
}

const ways: Record<string, () => Promise<unknown>> = {
  "request: body as a stream, read back": () => readJson(withStreamBody()),
  "request: body as text (withReadBody)": () => readJson(toWebRequest(incoming, body, false)),
  "answer: Response.json, arrayBuffer()": async () => Buffer.from(await Response.json(answer, init).arrayBuffer()),
  "answer: jsonAnswer, answerText": () => Promise.resolve(Buffer.from(answerText(jsonAnswer(answer, init)) ?? "")),
};

async function main(): Promise<void> {
  const us = new Map<string, number[]>(Object.keys(ways).map((k) => [k, []]));
  for (let round = 0; round < 6; round++) {
    for (const [name, f] of Object.entries(ways)) {
      const t0 = performance.now();
      for (let i = 0; i < N / 5; i++) await f();
      if (round > 0) us.get(name)?.push(((performance.now() - t0) * 1000) / (N / 5));
    }
  }
  const rows = [...us.entries()].map(([name, v]) => [name, Math.min(...v).toFixed(1), v.map((x) => x.toFixed(0)).join(" ")]);
  process.stdout.write(table(["per request", "best µs", "each round µs"], rows) + "\n");
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
