import { expect, test, type Page } from "@playwright/test";

// An analyst keeps many tabs open and moves back and forth. Browsers allow six connections per host over HTTP/1.1:
// live views must share one connection, or the seventh page load waits (it stalled for 30 s).
const FAST = { timeout: 10_000 };

async function shows(page: Page, path: string) {
  await page.goto(path, FAST);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible(FAST);
}

test("ten tabs, reloads and back/forward never stall a page, and live changes still reach the first tab", async ({ context }) => {
  // Ten pages with their live streams: on a loaded 2-core machine this took more than a minute.
  test.setTimeout(150_000);
  const first = await context.newPage();
  await shows(first, "/");
  const list = first.getByRole("list", { name: "Workflows" });
  await expect(list.getByRole("link", { name: /Customer support escalation/ })).toBeVisible();

  const tabs: Page[] = [first];
  for (const path of ["/inbox", "/runs", "/", "/inbox", "/runs", "/", "/inbox", "/runs", "/"]) {
    const tab = await context.newPage();
    await shows(tab, path);
    tabs.push(tab);
  }

  // The designer (a live view of its own) and back and forward, in the tenth tab.
  const tab = (i: number): Page => tabs[i] as Page;
  const last = tab(9);
  const designer = last.getByTestId("node-look_up");
  await last.getByRole("link", { name: /Customer support escalation/ }).click();
  await expect(designer).toBeVisible(FAST);
  for (let i = 0; i < 3; i++) {
    await last.goBack(FAST);
    await expect(last.getByRole("list", { name: "Workflows" })).toBeVisible(FAST);
    await last.goForward(FAST);
    await expect(designer).toBeVisible(FAST);
  }
  // Full page loads one after the other in one tab (each left page may sit in the back/forward cache), then back.
  for (const path of ["/inbox", "/runs", "/", "/inbox", "/runs", "/", "/inbox", "/runs"]) await shows(last, path);
  for (let i = 0; i < 7; i++) {
    await last.goBack(FAST);
    await expect(last.getByRole("navigation", { name: "Main" })).toBeVisible(FAST);
  }

  // A workflow created in another tab appears in the first tab's list without a reload.
  await createWorkflow(tab(3), "Made in another tab");
  await expect(list.getByRole("link", { name: /Made in another tab/ })).toBeVisible(FAST);

  // The first tab held the shared connection; when it closes, another tab takes it over.
  await first.close();
  const watcher = tab(6);
  await expect(watcher.getByRole("list", { name: "Workflows" }).getByRole("link", { name: /Made in another tab/ })).toBeVisible(
    FAST,
  );
  await shows(tab(8), "/");
  await createWorkflow(tab(8), "Made after the first tab closed");
  await expect(
    watcher.getByRole("list", { name: "Workflows" }).getByRole("link", { name: /Made after the first tab closed/ }),
  ).toBeVisible(FAST);
});

async function createWorkflow(page: Page, name: string) {
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible(FAST);
}

test("the designer, a run and the inbox at 1440x900, for a look at what is clipped", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await shows(page, "/");
  await page.getByRole("link", { name: /Customer support escalation/ }).click();
  await expect(page.getByTestId("node-look_up")).toBeVisible(FAST);
  const workflowId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  await page.getByTestId("node-review_case").click();
  await page.screenshot({ path: "test-results/screens/90-designer-1440.png" });
  const input = { customerEmail: "grace.hopper@example.com", orderId: "ORD-1002", issue: "It never arrived" };
  const res = await page.request.post(`/api/workflows/${workflowId}/runs`, { data: input });
  expect(res.status()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  await shows(page, `/runs/${runId}`);
  await expect(page.getByRole("list", { name: "Timeline" })).toBeVisible(FAST);
  await expect(page.getByText(/Waiting for a person at|Failed|Succeeded/).first()).toBeVisible({ timeout: 45_000 });
  // The canvas is readable, not fitted down to a thumbnail: a tall workflow is shown around where the run is (zoom 0.6
  // at least, so a 260 px step is 156 px wide or more).
  const here = page.getByTestId("run-canvas").getByTestId("node-review_case");
  await expect.poll(async () => (await here.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(150);
  // The canvas spans the page's width and is as tall as the workflow: the page scrolls to the step, which the canvas
  // does not clip (an intersection with the window, ancestors' clipping included).
  await here.scrollIntoViewIfNeeded();
  await expect(here).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/91-run-1440.png" });
  await page.screenshot({ path: "test-results/screens/92-run-1440-full.png", fullPage: true });
  await page.getByRole("link", { name: "Open it in the inbox" }).click();
  await expect(page.getByRole("article", { name: "Escalation" })).toContainText("Grace Hopper", FAST);
  await page.screenshot({ path: "test-results/screens/93-inbox-1440.png" });
  // Leave nothing open for the inbox journeys that follow on this installation.
  const detail = page.getByRole("article", { name: "Escalation" });
  await page.getByLabel("Your name").fill("Screenshot reviewer");
  await detail.getByRole("button", { name: "Decline the refund" }).click();
  await expect(detail.getByText(/Resolved by Screenshot reviewer/)).toBeVisible({ timeout: 15_000 });
});
