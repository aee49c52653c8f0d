import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";

// What tripped a new analyst (issue 23), the defects without a journey of their own elsewhere (designer.spec.ts and
// tabs.spec.ts have the others): steps added with Enter, unfinished "Keep" rows, a person's retry with edited arguments,
// the inbox item a run links to, engine-made items' group, required run inputs, decisions on the timeline, the audit
// log's name in local mode. Everything it opens is resolved and its runs succeed (later journeys count them). The two
// journeys do not depend on each other.

const inspector = (page: Page) => page.getByRole("complementary", { name: "Inspector" });
const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);

async function trpc<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  expect(res.ok(), `${procedure}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

test("Enter in the palette search adds the first match beside the other steps; a half-filled Keep row is not called saved", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const create = page.getByRole("dialog", { name: "New workflow" });
  await create.getByLabel("Name").fill("Keyboard first");
  await create.getByRole("button", { name: "Create workflow" }).click();
  await expect(node(page, "done")).toBeVisible();

  const search = page.getByRole("complementary", { name: "Palette" }).getByRole("searchbox", { name: "Search tools and steps" });
  const added = ["decision", "ask_a_person", "find_a_customer_by_email"];
  for (const [query, id] of [
    ["Decision", "decision"],
    ["Ask a person", "ask_a_person"],
    ["Find a customer by email", "find_a_customer_by_email"],
  ] as const) {
    await search.fill(query);
    await search.press("Enter");
    await expect(node(page, id)).toBeVisible();
    // Where the analyst can see it: the view follows a step placed below the others.
    const canvas = (await page.getByTestId("canvas").boundingBox())!;
    await expect.poll(async () => inside((await node(page, id).boundingBox())!, canvas)).toBe(true);
  }
  // None lands on top of another, nor on "Done".
  const boxes: Record<string, Awaited<ReturnType<Locator["boundingBox"]>>> = {};
  for (const id of ["done", ...added]) boxes[id] = await node(page, id).boundingBox();
  for (const id of added)
    for (const other of ["done", ...added].filter((o) => o !== id))
      expect(overlap(boxes[id]!, boxes[other]!), `${id} covers ${other}`).toBe(false);
  await page.screenshot({ path: "test-results/screens/50-enter-added-steps.png" });

  // The last one added is selected: a "Keep something" row with a name but no value is not stored, and the status
  // says so instead of "All changes saved"; once it has a value it is saved and survives a reload.
  const keep = inspector(page).getByRole("button", { name: "Keep something" });
  if (!(await keep.isVisible()))
    await inspector(page)
      .getByRole("button", { name: /What to keep from the result/ })
      .click();
  await keep.click();
  await inspector(page).getByLabel("Keep as").fill("customer");
  await expect(page.getByRole("status").filter({ hasText: "1 unfinished row is not saved" })).toBeVisible();
  await inspector(page).getByLabel("Value of customer").fill("$result");
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.reload();
  await node(page, "find_a_customer_by_email").click();
  const keepAs = inspector(page).getByLabel("Keep as");
  if (!(await keepAs.isVisible()))
    await inspector(page)
      .getByRole("button", { name: /What to keep from the result/ })
      .click();
  await expect(keepAs).toHaveValue("customer");
});

const lookup = {
  schemaVersion: 1,
  name: "Customer lookup with a typo",
  input: {
    type: "object",
    properties: { email: { type: "string", title: "Customer email" } },
    required: ["email"],
  },
  startAt: "find",
  states: {
    find: {
      type: "tool",
      title: "Find the customer",
      server: "crm",
      tool: "find_customer",
      input: { email: "{% $input.email %}" },
      assign: { customer: "{% $result %}" },
      retry: { maxAttempts: 1, initialDelayMs: 10, backoffRate: 1, maxDelayMs: 10, jitter: "none" },
      next: "known",
    },
    known: {
      type: "choice",
      title: "Customer found?",
      choices: [{ label: "Customer found", when: "{% $exists($customer.name) %}", next: "done" }],
      default: "nobody",
    },
    done: { type: "succeed", title: "Done" },
    nobody: { type: "succeed", title: "Nobody found" },
  },
  layout: { find: { x: 0, y: 0 }, known: { x: 0, y: 150 }, done: { x: -150, y: 300 }, nobody: { x: 150, y: 300 } },
};

test("a person retries a failed step with edited arguments: both attempts stay as sent, from the run's own inbox item", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { id } = await trpc<{ id: string }>(request, "workflows.create", { name: lookup.name });
  await trpc(request, "workflows.updateDraft", { id, definition: lookup });
  await trpc(request, "workflows.publish", { id });
  // A first run with a typo, started elsewhere: its item is open in the inbox too.
  const first = await request.post(`/api/workflows/${id}/runs`, { data: { email: "nobody.a@example.com" } });
  expect(first.status()).toBe(201);
  const runA = ((await first.json()) as { runId: string }).runId;

  // The start form marks the required input.
  await page.goto(`/workflows/${id}`);
  await page.getByRole("button", { name: "Start run" }).click();
  const start = page.getByRole("dialog", { name: "Start a run" });
  await expect(start.getByLabel("Customer email")).toHaveAttribute("aria-required", "true");
  await expect(start).toContainText("Customer email(required)");
  await start.getByLabel("Customer email").fill("nobody.b@example.com");
  await start.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const runB = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page.getByText("Waiting for a person at “Find the customer”")).toBeVisible({ timeout: 45_000 });

  // "Open it in the inbox" opens this run's item, not the first one; made by the engine, it is for any operator.
  await page.getByRole("link", { name: "Open it in the inbox" }).click();
  const item = page.getByRole("article", { name: "Escalation" });
  await expect(item.getByRole("link", { name: runB })).toBeVisible({ timeout: 15_000 });
  await expect(item.getByRole("region", { name: "Assignment" })).toContainText("For any operator");
  await expect(item).toContainText("Edited arguments are sent on this one new attempt of this step only");
  await page.screenshot({ path: "test-results/screens/51-inbox-retry-edited.png" });
  await page.getByLabel("Your name").fill("Pat Reviewer");
  await item.getByLabel("Arguments").fill('{ "email": "ada.lovelace@example.com" }');
  await item.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(item.getByText(/Resolved by Pat Reviewer/)).toBeVisible({ timeout: 15_000 });

  // The run: the failed attempt keeps what it sent, the retry is attempt 2 with the edited arguments.
  await item.getByRole("link", { name: runB }).click();
  await expect(page.locator("header").getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 45_000 });
  const attempts = page.getByRole("list", { name: "Steps" }).getByRole("listitem").filter({ hasText: "Find the customer" });
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).not.toContainText("attempt 2");
  await expect(attempts.nth(0)).toContainText("failed");
  await expect(attempts.nth(1)).toContainText("attempt 2");
  await expect(attempts.nth(1)).toContainText("succeeded");
  await attempts.nth(0).locator("summary").click();
  await expect(attempts.nth(0)).toContainText("nobody.b@example.com");
  await expect(attempts.nth(0)).not.toContainText("ada.lovelace@example.com");
  // The error reads in full: long lines wrap instead of running out of the box.
  const error = attempts.nth(0).locator("pre").last();
  await expect(error).toContainText("No customer has the email address nobody.b@example.com");
  expect(await error.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await attempts.nth(1).locator("summary").click();
  await expect(attempts.nth(1)).toContainText("ada.lovelace@example.com");
  // The timeline names the person's retry and the decision the run then passed, with the way it went.
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("Pat Reviewer retried the step");
  await expect(timeline.getByRole("listitem").filter({ hasText: "Decision: “Customer found”" })).toContainText(
    "at “Customer found?” → “Done”",
  );
  await page.screenshot({ path: "test-results/screens/52-run-retried.png", fullPage: true });

  // The first run's item: skipped with the result it should have had (nothing is left open).
  await page.goto(`/runs/${runA}`);
  await page.getByRole("link", { name: "Open it in the inbox" }).click();
  await expect(item.getByRole("link", { name: runA })).toBeVisible({ timeout: 15_000 });
  await page.getByLabel("Your name").fill("Pat Reviewer");
  await item.getByLabel("Result").fill('{ "name": "Nobody A" }');
  await item.getByRole("button", { name: "Skip with this result" }).click();
  await expect(item.getByText(/Resolved by Pat Reviewer/)).toBeVisible({ timeout: 15_000 });

  // Local mode: the audit log names the person as the inbox asked, not "Local user".
  await page.goto("/settings/audit");
  await expect(page.getByText("Pat Reviewer (local user)").first()).toBeVisible();
});
