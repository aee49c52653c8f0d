import { expect, test, type Page } from "@playwright/test";

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
  // The page follows the run live: it ends Succeeded with every step listed.
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 45_000 });
  const steps = page.getByRole("list", { name: "Steps" });
  await expect(steps.getByText("Refund the order", { exact: true }).first()).toBeVisible();
  await expect(steps.getByText("Email the customer", { exact: true }).first()).toBeVisible();
  await steps.getByText("Look up the customer").click();
  await expect(steps.getByText("Ada Lovelace").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline" }).getByText("Started")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/20-run-succeeded.png", fullPage: true });

  await page.getByRole("link", { name: "All runs" }).click();
  await expect(page.getByRole("list", { name: "Runs" }).getByText("Succeeded")).toBeVisible();
});

test("bad input is refused field by field, and no run is created", async ({ page }) => {
  await openDemo(page);
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  await dialog.getByLabel("Customer email").fill("ada.lovelace@example.com");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog.getByRole("alert")).toContainText("The input has 2 problems");
  await expect(dialog.getByRole("alert")).toContainText("input.orderId");
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
  await expect(canvas.getByTestId("node-lookup_customer").locator('[data-status="succeeded"]')).toHaveText("Done");
  await page.screenshot({ path: "test-results/screens/22-run-waiting.png", fullPage: true });
});

test("a support agent resolves the case in the inbox; a colleague acting at the same time is told it is done", async ({
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

  // A colleague has the same item open in another browser.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await colleague.goto("/inbox");
  await colleague.getByLabel("Your name").fill("Robin Colleague");
  const theirs = colleague.getByRole("article", { name: "Escalation" });
  await expect(theirs.getByRole("button", { name: "Decline the refund" })).toBeVisible();

  await Promise.all([
    item.getByRole("button", { name: "Decline the refund" }).click(),
    theirs.getByRole("button", { name: "Approve the refund" }).click(),
  ]);
  // Exactly one of them wins; the other is told who resolved it and when.
  const refused = [
    page.getByText(/Already resolved by (Sam Agent|Robin Colleague) at/),
    colleague.getByText(/Already resolved by (Sam Agent|Robin Colleague) at/),
  ];
  await expect.poll(async () => (await refused[0]!.count()) + (await refused[1]!.count()), { timeout: 15_000 }).toBe(1);
  await colleague.screenshot({ path: "test-results/screens/31-inbox-conflict.png" });
  await other.close();

  await page.getByRole("button", { name: "Resolved" }).click();
  await expect(page.getByText(/Resolved by (Sam Agent|Robin Colleague)/)).toBeVisible();
  await page.getByRole("article", { name: "Escalation" }).getByRole("link", { name: /run_/ }).click();
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Timeline" }).getByText(/(Sam Agent|Robin Colleague) chose/)).toBeVisible();
});
