import { expect, test } from "@playwright/test";
import path from "node:path";

// One story, in order, as a new user on a fresh installation would live it.
test.describe.configure({ mode: "serial" });

const DEMO = path.join(import.meta.dirname, "../examples/workflows/support-escalation.json");

test("a new user creates a workflow from the empty state and finds it after a reload", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/01-empty-state.png", fullPage: true });

  await page.getByRole("button", { name: "New workflow" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name").fill("Refund damaged orders");
  await dialog.getByLabel("Description (optional)").fill("Refund when the customer sends a photo of the damage.");
  await dialog.getByRole("button", { name: "Create workflow" }).click();

  await expect(page.getByRole("heading", { name: "Refund damaged orders" })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  // A new workflow is one step that ends the run: nothing to fix yet.
  await expect(page.getByTestId("node-done")).toBeVisible();

  await page.goto("/");
  await page.reload();
  const list = page.getByRole("list", { name: "Workflows" });
  await expect(list.getByRole("link", { name: /Refund damaged orders/ })).toBeVisible();
  await expect(list.getByText("Draft")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/02-list.png", fullPage: true });
});

test("importing an invalid file shows every problem and imports nothing", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("import-file").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(
      JSON.stringify({
        schemaVersion: 1,
        name: "Broken",
        startAt: "a",
        states: { a: { type: "tool", server: "crm", next: "zz" } },
      }),
    ),
  });
  const dialog = page.getByRole("dialog", { name: "Cannot import broken.json" });
  await expect(dialog).toBeVisible();
  const problems = dialog.getByRole("list", { name: "Problems" });
  await expect(problems.getByText('Goes to "zz", which is not a step')).toBeVisible();
  await expect(problems.getByText("The workflow has no Succeed or Fail step, so it can never finish")).toBeVisible();
  await expect(problems.getByText('Step "a" · tool')).toBeVisible();
  await page.screenshot({ path: "test-results/screens/03-import-problems.png" });
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("list", { name: "Workflows" }).getByRole("listitem")).toHaveCount(1);
});

test("an imported workflow shows its steps, publishes, and exports the same definition", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("import-file").setInputFiles(DEMO);
  await expect(page.getByRole("heading", { name: "Customer support escalation" })).toBeVisible();
  // 9 steps, and the 6 inside the three lookup branches of its parallel step.
  await expect(page.locator('[data-testid^="node-"]')).toHaveCount(15);
  await expect(page.getByTestId("node-look_up")).toContainText("Look up the customer, the order and the procedure");
  await expect(page.getByTestId("node-look_up::customer::lookup_customer")).toContainText("Look up the customer");

  const publishButton = page.getByRole("button", { name: "Publish", exact: true });
  await publishButton.click();
  const dialog = page.getByRole("dialog", { name: "Publish version 1" });
  await dialog.getByLabel("What changed (optional)").fill("First release");
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(dialog).toBeHidden();
  await expect(publishButton).toBeDisabled();
  await page.getByRole("button", { name: "Version history" }).click();
  const versions = page.getByRole("dialog", { name: "Version history" }).getByRole("list", { name: "Versions" });
  await expect(versions.getByText("Version 1")).toBeVisible();
  await expect(versions.getByText("First release")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/04-published.png", fullPage: true });
  await page.getByRole("dialog", { name: "Version history" }).getByRole("button", { name: "Close" }).click();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("customer-support-escalation.json");
  const { readFileSync } = await import("node:fs");
  const exported = JSON.parse(readFileSync(await download.path(), "utf8")) as unknown;
  expect(exported).toEqual(JSON.parse(readFileSync(DEMO, "utf8")));
});

test("the other sections explain what will appear in them", async ({ page }) => {
  for (const [link, heading] of [
    ["Runs", "No runs yet"],
    ["Inbox", "No open escalations"],
  ] as const) {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screens/05-inbox.png" });
});
