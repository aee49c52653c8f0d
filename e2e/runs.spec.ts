import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// A reviewer runs the seeded demo workflow against the demo MCP servers and watches it.
test.describe.configure({ mode: "serial" });

async function openDemo(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: /Customer support escalation/ }).click();
  await expect(page.getByRole("heading", { name: "Customer support escalation" })).toBeVisible();
}

test("start the demo workflow from its page and watch it finish without reloading", async ({ page }) => {
  await openDemo(page);
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  await dialog.getByLabel("Customer email").fill("ada.lovelace@example.com");
  await dialog.getByLabel("Order number").fill("ORD-1001");
  await dialog.getByLabel("What went wrong").fill("The mugs arrived broken");
  await dialog.getByRole("button", { name: "Start run" }).click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  // The page follows the run live (no reload): the steps turn green on the canvas one after the other.
  const canvas = page.getByTestId("run-canvas");
  const status = (stateId: string) => canvas.getByTestId(`node-${stateId}`).locator("[data-status]");
  await expect(status("look_up")).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  await expect(status("email_customer")).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  await expect(status("review_case")).toHaveText("Not reached");
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible();
  const steps = page.getByRole("list", { name: "Steps" });
  await expect(steps.getByText("Refund the order", { exact: true }).first()).toBeVisible();
  await expect(steps.getByText("Email the customer", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline" }).getByText("Started")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/20-run-succeeded.png", fullPage: true });
  // The three lookups ran as branches, each a run of its own with its step's output.
  await page.getByRole("link", { name: "customer", exact: true }).click();
  await expect(page).toHaveURL(/\.look_up\.1\.customer$/);
  const branchSteps = page.getByRole("list", { name: "Steps" });
  // The last attempt (on a loaded machine the first call can time out connecting: two attempts, the last one succeeded).
  await branchSteps.getByText("Look up the customer").last().click();
  await expect(branchSteps.getByText("Ada Lovelace").first()).toBeVisible();
  await page.goBack();

  await page.getByRole("link", { name: "All runs" }).click();
  // (The designer's journey left a succeeded test run of another workflow in the list.)
  await expect(page.getByRole("list", { name: "Runs" }).getByRole("link", { name: /^Succeeded Customer support/ })).toBeVisible();
});

test("bad input is refused field by field, and no run is created", async ({ page }) => {
  await openDemo(page);
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  await dialog.getByLabel("Customer email").fill("ada.lovelace@example.com");
  await dialog.getByRole("button", { name: "Start run" }).click();
  // Each problem sits under its field, in the form's words; no run was started.
  await expect(dialog.getByRole("alert")).toContainText("correct the fields marked above");
  await expect(dialog.getByText("Order number is required")).toBeVisible();
  await expect(dialog.getByText("What went wrong is required")).toBeVisible();
  await expect(page).not.toHaveURL(/\/runs\//);
  await page.screenshot({ path: "test-results/screens/21-run-bad-input.png" });
});

test("a conflicting case waits for a person", async ({ page }) => {
  await openDemo(page);
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  await dialog.getByLabel("Customer email").fill("grace.hopper@example.com");
  await dialog.getByLabel("Order number").fill("ORD-1002");
  await dialog.getByLabel("What went wrong").fill("It never arrived");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByText("Waiting for a person at")).toBeVisible({ timeout: 45_000 });
  // The canvas shows where: the steps passed are done, the person's step is waiting.
  const canvas = page.getByTestId("run-canvas");
  await expect(canvas.getByTestId("node-review_case").locator('[data-status="waiting"]')).toHaveText("Waiting for a person");
  await expect(canvas.getByTestId("node-look_up").locator('[data-status="succeeded"]')).toHaveText("Done");
  await page.screenshot({ path: "test-results/screens/22-run-waiting.png", fullPage: true });
});

test("a support agent resolves the case in the inbox; a colleague whose page is behind is told it is done", async ({
  page,
  browser,
}) => {
  await page.goto("/inbox");
  await page.getByLabel("Your name").fill("Sam Agent");
  const item = page.getByRole("article", { name: "Escalation" });
  await expect(item.getByRole("heading", { name: "Review the case of Grace Hopper" })).toBeVisible();
  await expect(item.getByText("Address on file", { exact: true })).toBeVisible();
  await expect(item.getByText("Order shipped to", { exact: true })).toBeVisible();
  await expect(item.getByText("What the earlier steps returned")).toBeVisible();
  await expect(item.getByTestId("run-canvas").locator('[data-status="waiting"]')).toHaveText("Waiting here for you");
  await expect(page.getByRole("navigation", { name: "Main" }).getByLabel(/open/)).toHaveText("1");
  await page.screenshot({ path: "test-results/screens/30-inbox.png", fullPage: true });

  // A colleague has the same item open in another browser, whose page has not heard the news yet (its live feed is
  // held back: with it, the page would drop the item before a click could land, so a "same time" race is decided by
  // the feed's speed, not by the server).
  const other = await browser.newContext();
  await other.route(/\/api\/trpc\/live\.feed/, (route) => route.abort());
  const colleague = await other.newPage();
  await colleague.goto("/inbox");
  await colleague.getByLabel("Your name").fill("Robin Colleague");
  const theirs = colleague.getByRole("article", { name: "Escalation" });
  await expect(theirs.getByRole("button", { name: "Approve the refund" })).toBeVisible();

  await item.getByRole("button", { name: "Decline the refund" }).click();
  await expect(item.getByText(/Resolved by Sam Agent/)).toBeVisible();
  // The colleague acts on what their page still shows: the server refuses, and says who decided and when.
  await theirs.getByRole("button", { name: "Approve the refund" }).click();
  await expect(colleague.getByText(/Already resolved by Sam Agent at/)).toBeVisible();
  await colleague.screenshot({ path: "test-results/screens/31-inbox-conflict.png" });
  await other.close();

  await page.getByRole("button", { name: "Resolved" }).click();
  // (The designer's journey left a resolved item of a test run in the list too.)
  await page.getByRole("button", { name: /Review the case of Grace Hopper Customer support escalation/ }).click();
  await expect(page.getByText(/Resolved by Sam Agent/)).toBeVisible();
  await page.getByRole("article", { name: "Escalation" }).getByRole("link", { name: /run_/ }).click();
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Timeline" }).getByText(/Sam Agent chose/)).toBeVisible();
});

/** Points the demo email server at a faults file (re-read on every call), or back to none. */
async function emailFaults(request: APIRequestContext, file: string | null): Promise<void> {
  const list = (await (await request.get("/api/trpc/servers.list")).json()) as {
    result: { data: { json: { id: string; name: string }[] } };
  };
  const email = list.result.data.json.find((s) => s.name === "email")!;
  const input = encodeURIComponent(JSON.stringify({ json: { id: email.id } }));
  const got = (await (await request.get(`/api/trpc/servers.get?input=${input}`)).json()) as {
    result: { data: { json: { name: string; title: string; description: string; config: { env: Record<string, string> } } } };
  };
  const server = got.result.data.json;
  const env = { ...server.config.env };
  if (file) env.DEMO_FAULTS_FILE = file;
  else delete env.DEMO_FAULTS_FILE;
  const body = {
    json: {
      id: email.id,
      name: server.name,
      title: server.title,
      description: server.description,
      config: { ...server.config, env },
    },
  };
  const res = await request.post("/api/trpc/servers.update", { data: body });
  expect(res.status()).toBe(200);
}

test("a run against a failing server shows its retries, the error and the breaker; retrying from the failed step after the fix finishes it", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const faults = path.join(tmpdir(), `switchyard-e2e-email-faults-${Date.now()}.json`);
  writeFileSync(faults, JSON.stringify({ DEMO_FAILURE_RATE: 1, DEMO_FAULT_TOOLS: "send_email" }));
  await emailFaults(request, faults);
  try {
    await openDemo(page);
    await page.getByRole("button", { name: "Start run" }).click();
    const dialog = page.getByRole("dialog", { name: "Start a run" });
    await dialog.getByLabel("Customer email").fill("ada.lovelace@example.com");
    await dialog.getByLabel("Order number").fill("ORD-1006");
    await dialog.getByLabel("What went wrong").fill("The notebooks are water-damaged");
    await dialog.getByRole("button", { name: "Start run" }).click();
    await expect(page).toHaveURL(/\/runs\/run_/);
    const parentId = new URL(page.url()).pathname.split("/").at(-1)!;

    // Three attempts at the email, then the refund is rolled back and the run fails.
    await expect(page.locator("header").getByText("Failed", { exact: true })).toBeVisible({ timeout: 90_000 });
    // The canvas marks where it went wrong, though the catch route moved on to the roll-back.
    const emailNode = page.getByTestId("run-canvas").getByTestId("node-email_customer").locator("[data-status]");
    await expect(emailNode).toHaveAttribute("data-status", "failed");
    const steps = page.getByRole("list", { name: "Steps" });
    await expect(steps.getByText("attempt 3")).toBeVisible();
    const calls = page.getByTestId("failed-calls");
    await expect(calls).toContainText("3 attempts on “email”");
    await expect(calls).toContainText("failed with:");
    await expect(calls).toContainText("circuit breaker");
    await page.screenshot({ path: "test-results/screens/23-run-failed-server.png", fullPage: true });

    // The server is fixed; retry from the failed step, after reading what will happen again.
    rmSync(faults);
    await page.getByRole("button", { name: "Retry from the failed step" }).click();
    const rerun = page.getByRole("dialog", { name: "Re-run from this step?" });
    await expect(rerun.getByRole("alert")).toContainText("Email the customer");
    await page.screenshot({ path: "test-results/screens/24-rerun-warning.png" });
    await rerun.getByRole("button", { name: "Start the new run" }).click();

    await expect(page).not.toHaveURL(new RegExp(parentId));
    await expect(page.getByTestId("rerun-of")).toContainText(parentId);
    await expect(page.locator("header").getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
    const canvas = page.getByTestId("run-canvas");
    await expect(canvas.getByTestId("node-refund").locator("[data-status]")).toHaveText("Reused from the earlier run");
    await expect(page.getByRole("list", { name: "Steps" }).getByText("Refund the order")).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/25-rerun-succeeded.png", fullPage: true });
    // The parallel lookups were taken over too: their branches are the earlier run's, reused (none "not started"),
    // and the steps inside them read as reused on the canvas.
    const lookUps = page.getByTestId("fanout-look_up");
    await expect(lookUps).toContainText(`reused from the earlier run ${parentId}`);
    await expect(lookUps).not.toContainText("not started");
    await expect(lookUps.getByText("(succeeded, reused)")).toHaveCount(3);
    const innerStep = canvas.getByTestId("node-look_up::customer::lookup_customer").locator("[data-status]");
    await expect(innerStep).toHaveText("Reused from the earlier run");
    await page.setViewportSize({ width: 1440, height: 900 });
    await lookUps.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/screens/25b-rerun-reused-branches.png" });
    // A branch opens the earlier run's branch run.
    await lookUps.getByRole("link", { name: "customer", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${parentId}\\.look_up\\.1\\.customer(~\\d+)?$`));
    await expect(page.getByRole("link", { name: `run ${parentId}` })).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId("rerun-of")).toContainText(parentId);

    // The old run links to the new one.
    const childId = new URL(page.url()).pathname.split("/").at(-1)!;
    await page.getByTestId("rerun-of").getByRole("link").click();
    await expect(page.getByLabel("Re-runs of this run").getByRole("link", { name: childId })).toBeVisible();
  } finally {
    rmSync(faults, { force: true });
    await emailFaults(request, null);
  }
});

test("the run history filters by status and by text in the error, kept in the URL", async ({ page }) => {
  await page.goto("/runs");
  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  const runs = page.getByRole("list", { name: "Runs" });
  await expect(runs.getByRole("listitem")).toHaveCount(1);
  await expect(runs.getByText("Failed", { exact: true })).toBeVisible();
  await page.getByLabel("Error contains").fill("no such error text");
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await expect(page).toHaveURL(/error=no\+such\+error\+text/);
  await page.screenshot({ path: "test-results/screens/26-runs-filtered-empty.png", fullPage: true });
  await page.getByRole("button", { name: "clear the filters" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(runs.getByText("Succeeded", { exact: true }).first()).toBeVisible();
});
