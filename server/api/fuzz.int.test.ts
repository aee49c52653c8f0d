/**
 * Fuzzing the routes an outsider can reach (issue 15): at least 5,000 malformed or hostile requests per run, through
 * the real Next.js route handlers on a real SQLite file with the embedded engine running, to the JSON import, run
 * start, events, webhook and resolve routes and a sample of tRPC procedures. Published workflows hold the hostile
 * expressions of the issue (endless recursion, ten million items, a catastrophic regex, string doubling).
 * Expected: no 5xx, every request answered within its limit, nothing written by a refused request, and the process's
 * memory ends under its starting figure plus 200 MB, and the engine settles every run the requests started (each
 * hostile expression stops at its limit, also when many evaluate at once).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { createTrigger } from "../services/coordination/triggers";
import { stopEngine } from "../services/host/app-engine";
import { resetEnv } from "../env";
import { DEFAULT_EXPRESSION_LIMITS, setExpressionLimits } from "@/lib/workflow/expression-limits";
import { transformer } from "@/lib/transport/transformer";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const HOSTILE = [
  "($f := function($x){ $f($x) }; $f(1))",
  "($f := function($x){ 1 + $f($x) }; $f(1))",
  "$join([1..10000000].$string(), ',')",
  '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)',
  "$sort([1..10000000])",
  '($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("a", 27)))',
  '$pad("", 1000000000)',
  '$eval("($f := function($x){ $f($x) }; $f(1))")',
];

/** A valid definition whose output, condition or human title holds a hostile expression. */
function hostileDefinition(expr: string, where: "output" | "choice" | "human", name = "Hostile"): WorkflowDefinition {
  const e = `{% ${expr} %}`;
  const states: Record<string, unknown> =
    where === "output"
      ? { done: { type: "succeed", output: { value: e } } }
      : where === "choice"
        ? { done: { type: "choice", choices: [{ when: e, next: "end" }], default: "end" }, end: { type: "succeed" } }
        : {
            done: { type: "human", title: e, options: [{ id: "ok", label: "OK", next: "end" }] },
            end: { type: "succeed" },
          };
  return {
    schemaVersion: 1,
    name,
    input: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] },
    startAt: "done",
    states,
  } as WorkflowDefinition;
}

const ASK: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Ask",
  startAt: "ask",
  states: {
    ask: { type: "human", title: "Approve {% $input.orderId %}?", options: [{ id: "ok", label: "OK", next: "done" }] },
    done: { type: "succeed" },
  },
};

let t: TestDatabase;
const saved = { ...process.env };
const routes: Record<string, Handler> = {};
const targets: string[] = []; // run-start workflows (hostile)
let hook = { id: "", secret: "" };
const escalations: string[] = [];
let startRss = 0;
let startRetained = 0;

/**
 * What the process keeps after a full garbage collection (heap in use + memory outside the heap). RSS alone says little
 * about what is retained: V8 keeps freed pages for a while, and how long depends on the machine's load.
 */
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;
function retained(): number {
  collect();
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    SWITCHYARD_SECRET_KEY: randomBytes(32).toString("base64"),
    SWITCHYARD_EXPRESSION_TIMEOUT_MS: "20", // the same limits, cheaper to hit 5,000 times
    SEED_DEMO: "false",
  });
  resetEnv(); // getEnv() parses once per process
  delete process.env.SWITCHYARD_AUTH;
  delete process.env.SWITCHYARD_EVENTS_TOKEN;
  const step = (what: string) => process.env.FUZZ_VERBOSE && console.log(`fuzz setup: ${what}`);
  const publish = async (definition: WorkflowDefinition) => {
    step(`publish ${definition.name}`);
    const { id } = await createWorkflow(t.db, { name: definition.name, definition });
    await publishWorkflow(t.db, { id });
    return id;
  };
  for (const [i, expr] of HOSTILE.entries())
    targets.push(
      await publish(hostileDefinition(expr, (["output", "choice", "human"] as const)[i % 3] ?? "output", `Hostile ${i}`)),
    );
  const hooked = await publish(hostileDefinition(HOSTILE[0]!, "output", "Hooked"));
  const created = await createTrigger(t.db, { workflowId: hooked, config: { kind: "webhook" } });
  hook = { id: created.id, secret: created.secret ?? "" };
  await createTrigger(t.db, {
    workflowId: await publish(hostileDefinition(HOSTILE[2]!, "output", "On event")),
    config: { kind: "event", eventType: "order.placed", filter: `{% ${HOSTILE[0]} %}` },
  });
  step("routes");
  routes.runs = (await import("@/app/api/workflows/[id]/runs/route")).POST as Handler;
  routes.events = (await import("@/app/api/events/route")).POST;
  routes.hooks = (await import("@/app/api/hooks/[id]/route")).POST as Handler;
  routes.resolve = (await import("@/app/api/escalations/[id]/resolve/route")).POST as Handler;
  const trpc = await import("@/app/api/trpc/[trpc]/route");
  routes.trpcPost = trpc.POST;
  routes.trpcGet = trpc.GET;
  step("escalations");
  // Escalations to resolve: runs of a human step.
  const ask = await publish(ASK);
  for (let i = 0; i < 5; i++) {
    step(`start ${i}`);
    const res = await routes.runs(post(`/api/workflows/${ask}/runs`, JSON.stringify({ orderId: `o${i}` })), params({ id: ask }));
    step(`started ${i}: ${res.status}`);
    expect(res.status).toBe(201);
  }
  for (const deadline = Date.now() + 60_000; escalations.length < 5 && Date.now() < deadline;) {
    escalations.splice(0, escalations.length, ...(await t.db.escalation.findMany({ select: { id: true } })).map((e) => e.id));
    if (escalations.length < 5) await new Promise((r) => setTimeout(r, 25));
  }
  startRss = process.memoryUsage().rss;
  startRetained = retained();
});

afterAll(async () => {
  await stopEngine();
  await t.dispose();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  resetEnv();
  // The app context set the process-wide expression limits from this file's environment (20 ms): the next file in
  // this worker's process must get the defaults back.
  setExpressionLimits(DEFAULT_EXPRESSION_LIMITS);
});

const BASE = "http://127.0.0.1:3000";
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });
function post(path: string, body: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { host: "127.0.0.1:3000", "content-type": "application/json", ...headers },
  });
}

// ---- generators -------------------------------------------------------------------------------------------------

const jsonish = fc.jsonValue({ maxDepth: 4 });
const reservedText = fc
  .tuple(jsonish, jsonish)
  .map(([a, b]) => `{"constructor":${JSON.stringify(a)},"prototype":${JSON.stringify(b)},"__proto__":{"polluted":true}}`);
const deepText = fc.integer({ min: 90, max: 20_000 }).map((n) => `{"a":${"[".repeat(n)}${"]".repeat(n)}}`);
const hostileExpr = fc.constantFrom(...HOSTILE).map((e) => `{% ${e} %}`);
/** Text a client might send as a JSON body. */
const bodyText = fc.oneof(
  { weight: 4, arbitrary: jsonish.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: reservedText },
  { weight: 2, arbitrary: deepText },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "{", '{"a":', "null", "[]", "1e999", '"\\ud800"', "{}".repeat(1000)) },
  { weight: 1, arbitrary: hostileExpr.map((e) => JSON.stringify({ orderId: e, x: e })) },
);
const idLike = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("x", "../../etc/passwd", "%00", "constructor", "__proto__"),
);

// ---- the run ----------------------------------------------------------------------------------------------------

interface Tally {
  requests: number;
  fiveXx: { route: string; status: number; body: string }[];
  slow: { route: string; ms: number }[];
  leaks: string[];
}
const tally: Tally = { requests: 0, fiveXx: [], slow: [], leaks: [] };
/** A request must be answered within this; the engine's work happens after the answer. */
const ANSWER_WITHIN_MS = 10_000;

async function send(route: string, call: () => Promise<Response>, count?: () => Promise<number>): Promise<void> {
  if (process.env.FUZZ_VERBOSE === "2") console.log(`-> ${route}`);
  const before = count ? await count() : 0;
  if (process.env.FUZZ_VERBOSE === "2") console.log(`   counted`);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let res: Response | null;
  try {
    res = await Promise.race([
      call(),
      new Promise<null>((r) => {
        timer = setTimeout(() => r(null), ANSWER_WITHIN_MS);
      }),
    ]);
  } catch (err) {
    // A handler that throws would be a 500 from Next.js: count it as one (and let fast-check go on, not shrink).
    clearTimeout(timer);
    tally.requests++;
    tally.fiveXx.push({ route, status: 0, body: String(err).slice(0, 300) });
    return;
  }
  clearTimeout(timer);
  tally.requests++;
  if (process.env.FUZZ_VERBOSE === "2") console.log(`   answered ${res?.status}`);
  const ms = performance.now() - started;
  if (!res) {
    tally.slow.push({ route, ms });
    return;
  }
  const body = await res.text();
  if (res.status >= 500) tally.fiveXx.push({ route, status: res.status, body: body.slice(0, 300) });
  if (count && res.status >= 400 && (await count()) !== before) tally.leaks.push(`${route} ${res.status}: ${body.slice(0, 200)}`);
}

const runCount = () => t.db.run.count({ where: { workflowId: { in: targets } } });
const eventCount = () => t.db.event.count();
const workflowCount = () => t.db.workflow.count();
const decisions = () =>
  t.db.escalationEvent.count().then(async (n) => n + (await t.db.escalation.count({ where: { status: { not: "open" } } })));

const trpcBody = (input: unknown) => JSON.stringify(transformer.serialize(input));

const fuzzScale = () => Number(process.env.FUZZ_SCALE ?? 1);

describe("fuzzing the reachable routes", () => {
  it(
    "answers hostile requests (5,000 at FUZZ_SCALE=1) without a 5xx, a hang, a refused write or a memory blow-up",
    { timeout: 600_000 },
    async () => {
      // FUZZ_SCALE sets the size: 1 (the default) = 5,000 requests, issue 15's figure.
      const scale = fuzzScale();
      const want = (phase: string) => !process.env.FUZZ_ONLY || process.env.FUZZ_ONLY === phase;
      const property = async (runs: number, arb: fc.Arbitrary<() => Promise<void>>) => {
        const started = performance.now();
        await fc.assert(
          fc.asyncProperty(arb, async (go) => {
            await go();
          }),
          { numRuns: Math.max(1, Math.round(runs * scale)), seed: 15 },
        );
        const ms = Math.round(performance.now() - started);
        if (process.env.FUZZ_VERBOSE) console.log(`fuzz phase: ${tally.requests} requests so far, ${ms} ms`);
      };

      // First, while the engine is idle (a resolve waits for the engine to take the decision).
      // Resolve: fuzzed resolutions of real and made-up escalations.
      const resolution = fc.oneof(
        bodyText,
        fc
          .record({
            resolution: fc.oneof(
              fc.record({
                action: fc.constant("option"),
                optionId: fc.string({ maxLength: 20 }),
                data: fc.oneof(jsonish, fc.constant({})),
              }),
              fc.record({
                action: fc.constantFrom("retry", "skip", "cancel", "nope"),
                result: jsonish,
                compensate: fc.anything(),
              }),
            ),
            note: fc.oneof(fc.string({ maxLength: 3000 }), jsonish),
          })
          .map((r) => JSON.stringify(r)),
      );
      if (want("resolve"))
        await property(
          600,
          fc.tuple(fc.oneof(fc.constantFrom(...escalations), idLike), resolution).map(
            ([id, body]) =>
              () =>
                send(
                  "POST /api/escalations/{id}/resolve",
                  () => routes.resolve!(post(`/api/escalations/${encodeURIComponent(id)}/resolve`, body), params({ id })),
                  decisions,
                ),
          ),
        );

      // Run start: hostile workflows with fuzzed inputs (a fitting one now and then), unknown ids.
      if (want("runs"))
        await property(
          1000,
          fc
            .tuple(
              fc.oneof(fc.constantFrom(...targets), idLike),
              fc.oneof(
                { weight: 9, arbitrary: bodyText },
                { weight: 1, arbitrary: hostileExpr.map((e) => JSON.stringify({ orderId: e })) },
              ),
              fc.nat(19),
            )
            .map(
              ([id, body, n]) =>
                () =>
                  send(
                    "POST /api/workflows/{id}/runs",
                    () =>
                      routes.runs!(
                        post(`/api/workflows/${encodeURIComponent(id)}/runs`, n === 0 ? '{"orderId":"o1"}' : body),
                        params({ id }),
                      ),
                    runCount,
                  ),
            ),
        );

      // Events: fuzzed bodies and event-shaped ones with hostile payloads; the trigger's filter is hostile.
      const eventBody = fc.oneof(
        bodyText,
        fc
          .record({
            type: fc.oneof(fc.constant("order.placed"), fc.string({ maxLength: 120 })),
            key: fc.oneof(fc.string({ maxLength: 600 }), fc.integer(), fc.constant(null), jsonish),
            payload: fc.oneof(jsonish, hostileExpr),
            id: fc.oneof(fc.string({ maxLength: 250 }), fc.uuid()),
          })
          .map((e) => JSON.stringify(e)),
      );
      if (want("events"))
        await property(
          1200,
          fc.tuple(eventBody, fc.constantFrom("application/json", "text/plain", "")).map(
            ([body, type]) =>
              () =>
                send(
                  "POST /api/events",
                  () => routes.events!(post("/api/events", body, type ? { "content-type": type } : {}), params({})),
                  eventCount,
                ),
          ),
        );

      // Webhook: right and wrong ids and secrets, fuzzed bodies.
      if (want("hooks"))
        await property(
          800,
          fc
            .tuple(
              fc.oneof(fc.constant(hook.id), idLike),
              fc.oneof(fc.constant(hook.secret), fc.string({ maxLength: 80 })),
              bodyText,
              fc.option(fc.string({ maxLength: 300 })),
            )
            .map(
              ([id, secret, body, delivery]) =>
                () =>
                  send(
                    "POST /api/hooks/{id}",
                    () =>
                      routes.hooks!(
                        post(
                          `/api/hooks/${encodeURIComponent(id)}?secret=${encodeURIComponent(secret)}`,
                          body,
                          delivery ? { "idempotency-key": delivery } : {},
                        ),
                        params({ id }),
                      ),
                    secret === hook.secret && id === hook.id ? undefined : () => t.db.triggerFiring.count(),
                  ),
            ),
        );

      // The JSON import: hostile expressions in valid definitions, the duplicate-key bomb, deep nesting, garbage.
      const importText = fc.oneof(
        fc
          .tuple(hostileExpr, fc.constantFrom<"output" | "choice" | "human">("output", "choice", "human"))
          .map(([e, w]) => JSON.stringify(hostileDefinition(e.slice(3, -3), w, "Imported"))),
        fc.integer({ min: 10, max: 4000 }).map((n) => '{"a":0,"a":0,"b":'.repeat(n) + "0" + "}".repeat(n)),
        bodyText,
      );
      if (want("import"))
        await property(
          800,
          importText.map(
            (text) => () =>
              send(
                "workflows.importJson",
                () =>
                  routes.trpcPost!(
                    post("/api/trpc/workflows.importJson", trpcBody({ text })),
                    params({ trpc: "workflows.importJson" }),
                  ),
                workflowCount,
              ),
          ),
        );

      // A sample of tRPC procedures: queries with fuzzed input, publishing events, starting runs.
      const procedure = fc.oneof(
        fc
          .tuple(
            fc.constantFrom("events.list", "runs.get", "runs.list", "workflows.get", "escalations.list"),
            fc.oneof(jsonish, fc.record({ id: idLike })),
          )
          .map(
            ([path, input]) =>
              () =>
                send(path, () =>
                  routes.trpcGet!(
                    new Request(`${BASE}/api/trpc/${path}?input=${encodeURIComponent(trpcBody(input))}`, {
                      headers: { host: "127.0.0.1:3000" },
                    }),
                    params({ trpc: path }),
                  ),
                ),
          ),
        fc.tuple(fc.constantFrom("events.publish", "runs.start"), jsonish, fc.constantFrom(...targets)).map(
          ([path, input, workflowId]) =>
            () =>
              send(
                path,
                () =>
                  routes.trpcPost!(
                    post(`/api/trpc/${path}`, path === "runs.start" ? trpcBody({ workflowId, input }) : trpcBody(input)),
                    params({ trpc: path }),
                  ),
                path === "runs.start" ? runCount : eventCount,
              ),
        ),
        deepText.map(
          (text) => () =>
            send("trpc deep body", () =>
              routes.trpcPost!(post("/api/trpc/events.publish", text), params({ trpc: "events.publish" })),
            ),
        ),
      );
      if (want("trpc")) await property(600, procedure);

      // The runs started meanwhile: the engine settles every one (each hostile expression stops at its limit).
      const deadline = Date.now() + Number(process.env.FUZZ_SETTLE_MS ?? 120_000);
      let busy = -1;
      while (Date.now() < deadline) {
        busy = await t.db.run.count({ where: { status: { in: ["queued", "running", "retrying"] } } });
        if (busy === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const rss = process.memoryUsage().rss;
      const kept = retained();
      console.log(
        `fuzz: ${tally.requests} requests, ${await t.db.run.count()} runs (${busy} not settled), ${await t.db.event.count()} events, ` +
          `rss ${Math.round(startRss / 1e6)} -> ${Math.round(rss / 1e6)} MB, ` +
          `retained after GC ${Math.round(startRetained / 1e6)} -> ${Math.round(kept / 1e6)} MB`,
      );
      expect(tally.requests).toBeGreaterThanOrEqual(5000 * fuzzScale());
      expect(tally.fiveXx).toEqual([]);
      expect(tally.slow).toEqual([]);
      expect(tally.leaks).toEqual([]);
      expect(busy, "runs the engine has not settled").toBe(0);
      expect(kept, "memory retained after the requests (heap + external, after a full GC)").toBeLessThan(startRetained + 200e6);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
