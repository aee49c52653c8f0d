import { expect, test, type Locator, type Page } from "@playwright/test";

// An analyst draws branches that run at the same time and a for-each over a list on the canvas, runs them, and opens
// one item's run. On the demo installation (its MCP servers are connected), after the other demo journeys.
test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const SHOTS = "test-results/screens";

function inspector(page: Page): Locator {
  return page.getByRole("complementary", { name: "Inspector" });
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

function paletteItem(page: Page, name: RegExp): Locator {
  return page.getByRole("complementary", { name: "Palette" }).getByRole("button", { name });
}

async function dragOntoCanvas(page: Page, name: RegExp, x: number, y: number) {
  await paletteItem(page, name).dragTo(page.getByTestId("canvas"), { targetPosition: { x, y } });
}

/** Drags from a node's outgoing handle to another node, as a person connects two steps. */
async function connect(page: Page, from: string, handle: string, to: string) {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 - 10, { steps: 12 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 3 });
  await page.mouse.up();
}

async function fit(page: Page) {
  await page.getByRole("button", { name: "Zoom to fit" }).click();
  await page.waitForTimeout(500); // the fit's short animation
}

async function saved(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
}

test("an analyst builds a parallel step and a for-each on the canvas, runs them and opens an item", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const create = page.getByRole("dialog", { name: "New workflow" });
  await create.getByLabel("Name").fill("Lookups side by side");
  await create.getByRole("button", { name: "Create workflow" }).click();
  await expect(node(page, "done")).toBeVisible();
  await page.getByRole("button", { name: "Legend" }).click(); // out of the way of the steps

  // A parallel step: drawn as a group with its two branches.
  await dragOntoCanvas(page, /^Do at the same time/, 200, 40);
  const parallel = "do_at_the_same_time";
  await expect(node(page, parallel)).toHaveAttribute("data-group", "expanded");
  const first = page.getByTestId(`lane-${parallel}-first`);
  const second = page.getByTestId(`lane-${parallel}-second`);
  await expect(first).toBeVisible();
  await expect(second).toBeVisible();

  // A tool dropped into each branch goes at the branch's end and opens its settings.
  await paletteItem(page, /^Customer history/).dragTo(first);
  await expect(node(page, `${parallel}::first::customer_history`)).toBeVisible();
  await expect(inspector(page)).toContainText("first");
  await inspector(page).getByLabel("Customer id", { exact: true }).fill("cust_001");
  await paletteItem(page, /^Find a customer by email/).dragTo(second);
  await expect(node(page, `${parallel}::second::find_a_customer_by_email`)).toBeVisible();
  await inspector(page).getByLabel("Email", { exact: true }).fill("ada.lovelace@example.com");
  await expect(first).toContainText("2 steps");
  await page.screenshot({ path: `${SHOTS}/60-parallel-branches.png` });

  // Undo takes the last drop back; redo brings it again.
  await page.getByRole("button", { name: "Undo" }).click();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(node(page, `${parallel}::second::find_a_customer_by_email`)).toHaveCount(0);
  await page.getByRole("button", { name: "Redo" }).click();
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(node(page, `${parallel}::second::find_a_customer_by_email`)).toBeVisible();
  await expect(inspector(page).getByLabel("Email", { exact: true })).toHaveValue("ada.lovelace@example.com");

  // A for-each over three orders, with a tool in its item body that reads the item.
  await fit(page);
  const canvas = (await page.getByTestId("canvas").boundingBox())!;
  const group = (await node(page, parallel).boundingBox())!;
  await dragOntoCanvas(page, /^For each item/, group.x - canvas.x + 150, group.y - canvas.y + group.height + 60);
  const map = "for_each_item";
  await expect(node(page, map)).toBeVisible();
  await node(page, map).getByText("For each item", { exact: true }).first().click();
  await inspector(page).getByLabel("List").fill('{% ["ORD-1001", "ORD-1002", "ORD-1003"] %}');
  await inspector(page).getByLabel("At most").fill("2");
  await paletteItem(page, /^Get an order/).dragTo(page.getByTestId(`lane-${map}-each`));
  const getOrder = `${map}::each::get_an_order`;
  await expect(node(page, getOrder)).toBeVisible();
  const orderId = inspector(page).getByRole("group", { name: "Order id" });
  await orderId.getByRole("button", { name: "From data" }).click();
  await orderId.getByRole("combobox").fill("$item");

  // Wire: the parallel step starts, then the for-each, then done.
  await node(page, parallel).getByText("Do at the same time", { exact: true }).first().click();
  await inspector(page).getByRole("button", { name: "Start here" }).click();
  await page.getByRole("button", { name: "Tidy up the layout" }).click();
  await fit(page);
  await connect(page, parallel, "next", map);
  await connect(page, map, "next", "done");
  await expect(page.getByText("No problems: ready to publish")).toBeVisible();
  await saved(page);
  await fit(page);
  await page.screenshot({ path: `${SHOTS}/61-parallel-and-map-ready.png` });

  // Collapsed, a group is a compact step; the drawing of the others does not change.
  await page.getByRole("button", { name: `Collapse ${map}` }).click();
  await expect(node(page, getOrder)).toHaveCount(0);
  await expect(node(page, map)).toContainText("2 at a time");
  await page.getByRole("button", { name: `Expand ${map}` }).click();
  await expect(node(page, getOrder)).toBeVisible();

  // Reload: the branches and the item body were saved.
  await page.reload();
  await expect(node(page, `${parallel}::second::find_a_customer_by_email`)).toBeVisible();
  await expect(node(page, getOrder)).toBeVisible();

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(publish).toBeHidden();

  // Run it: the branches and the three items run; the run page says how each ended and opens any item.
  await page.getByRole("button", { name: "Start run" }).click();
  await page.getByRole("dialog", { name: "Start a run" }).getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const runUrl = page.url();
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });
  const runCanvas = page.getByTestId("run-canvas");
  await expect(runCanvas.getByTestId(`node-${parallel}`).locator("[data-status]").first()).toHaveAttribute(
    "data-status",
    "succeeded",
  );
  const branches = page.getByTestId(`fanout-${parallel}`);
  await expect(branches.getByRole("link", { name: "first" })).toBeVisible();
  await expect(branches).toContainText("second (succeeded)");
  const items = page.getByTestId(`fanout-${map}`);
  await expect(items.getByTestId("items-done")).toContainText("3");
  await expect(items.getByTestId("items-failed")).toContainText("0");
  await page.screenshot({ path: `${SHOTS}/62-parallel-and-map-run.png`, fullPage: true });

  await items.getByLabel("Open item").fill("2");
  await items.getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(new RegExp(`${map}\\.1\\.1$`));
  await expect(page.getByText(`Item 2 of step “${map}”`)).toBeVisible();
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible();
  await expect(page.getByTestId("run-canvas").getByTestId("node-get_an_order")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/63-map-item-run.png`, fullPage: true });

  // And back to the run, through the link on the item's page.
  await page.getByRole("link", { name: `run ${runUrl.split("/").at(-1)}` }).click();
  await expect(page.getByTestId(`fanout-${map}`)).toBeVisible();
});
