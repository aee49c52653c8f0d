import { expect, test, type Locator, type Page } from "@playwright/test";

// An analyst draws two lookups that run at the same time and a for-each over a list from the run's input, on the
// canvas, runs them, and opens one item's run. On the demo installation (its MCP servers are connected), last in
// its chain: it adds a workflow and runs of its own, and counts nothing of the others.
test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const SHOTS = "test-results/screens";
/** A loaded machine: each step of the journey may take a while, none is waited for with a fixed sleep. */
const SLOW = { timeout: 30_000 };

function inspector(page: Page): Locator {
  return page.getByRole("complementary", { name: "Inspector" });
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

function lane(page: Page, owner: string, key: string): Locator {
  return page.getByTestId(`lane-${owner}-${key}`);
}

/** Adds a step or tool from the palette with its search and Enter (it lands on a free spot of the canvas). */
async function addFromPalette(page: Page, query: string) {
  const search = page.getByRole("complementary", { name: "Palette" }).getByRole("searchbox");
  await search.fill(query);
  await search.press("Enter");
  await search.fill("");
}

/**
 * Drags a palette entry into a branch (or an item body): dropped on the canvas at a point of the lane, below its
 * steps (the drop finds the lane under the point). The entry is found by the palette's search first.
 */
async function dropIntoLane(page: Page, query: string, entry: RegExp, target: Locator, server: string) {
  const palette = page.getByRole("complementary", { name: "Palette" });
  const search = palette.getByRole("searchbox");
  await search.fill(query);
  const canvas = (await page.getByTestId("canvas").boundingBox())!;
  const box = (await target.boundingBox())!;
  // The tool of the demo server by its title: other journeys add servers with the same tools (a failing copy of orders).
  await palette
    .getByRole("region", { name: `Tools of ${server}`, exact: true })
    .getByRole("button", { name: entry })
    .dragTo(page.getByTestId("canvas"), {
      targetPosition: { x: box.x - canvas.x + box.width / 2, y: box.y - canvas.y + box.height - 6 },
    });
  await search.fill("");
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

/** Zoom to fit, and wait until the viewport stops moving (the fit is animated) before reading positions. */
async function fit(page: Page) {
  await page.getByRole("button", { name: "Zoom to fit" }).click();
  const viewport = page.locator(".react-flow__viewport").first();
  let last = "";
  await expect
    .poll(async () => {
      const now = (await viewport.getAttribute("style")) ?? "";
      const still = now === last;
      last = now;
      return still;
    }, SLOW)
    .toBe(true);
}

/** Each step is drawn whole inside the run page's canvas (none cut off or scrolled out of it). */
async function insideRunCanvas(page: Page, ids: readonly string[]) {
  const runCanvas = page.getByTestId("run-canvas");
  const frame = (await runCanvas.boundingBox())!;
  for (const id of ids) {
    const box = (await runCanvas.getByTestId(`node-${id}`).boundingBox())!;
    expect(box.y, `${id} below the canvas's top`).toBeGreaterThanOrEqual(frame.y);
    expect(box.y + box.height, `${id} above the canvas's bottom`).toBeLessThanOrEqual(frame.y + frame.height);
    expect(box.x, `${id} right of the canvas's left`).toBeGreaterThanOrEqual(frame.x);
    expect(box.x + box.width, `${id} left of the canvas's right`).toBeLessThanOrEqual(frame.x + frame.width);
  }
}

async function saved(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(SLOW);
}

test("an analyst builds a parallel step and a for-each on the canvas, runs them and opens an item", async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto("/");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const create = page.getByRole("dialog", { name: "New workflow" });
  await create.getByLabel("Name").fill("Lookups side by side");
  await create.getByRole("button", { name: "Create workflow" }).click();
  await expect(node(page, "done")).toBeVisible(SLOW);
  await page.getByRole("button", { name: "Legend" }).click(); // out of the way of the steps

  // The run's input: a list of order ids.
  await inspector(page).getByRole("button", { name: "Add a field" }).click();
  await inspector(page).getByLabel("Name", { exact: true }).last().fill("orderIds");
  await inspector(page).getByLabel("Type", { exact: true }).last().selectOption({ label: "List" });
  await saved(page);

  // A parallel step: drawn as a group with its two branches.
  await addFromPalette(page, "Do at the same time");
  const parallel = "do_at_the_same_time";
  await expect(node(page, parallel)).toHaveAttribute("data-group", "expanded", SLOW);
  await fit(page);
  const first = lane(page, parallel, "first");
  const second = lane(page, parallel, "second");
  await expect(first).toBeVisible();
  await expect(second).toBeVisible();

  // A tool dropped into each branch goes at the branch's end and opens its settings.
  await dropIntoLane(page, "Customer history", /^Customer history/, first, "Customer CRM");
  await expect(node(page, `${parallel}::first::customer_history`)).toBeVisible(SLOW);
  await inspector(page).getByLabel("Customer id", { exact: true }).fill("cust_001");
  await fit(page);
  await dropIntoLane(page, "Find a customer by email", /^Find a customer by email/, second, "Customer CRM");
  await expect(node(page, `${parallel}::second::find_a_customer_by_email`)).toBeVisible(SLOW);
  await inspector(page).getByLabel("Email", { exact: true }).fill("ada.lovelace@example.com");
  await expect(first).toContainText("2 steps");
  await expect(second).toContainText("2 steps");

  // A for-each over the input's list, two at a time, with a tool in its item body that reads the item.
  await addFromPalette(page, "For each item");
  const map = "for_each_item";
  await expect(node(page, map)).toBeVisible(SLOW);
  await page.getByRole("button", { name: "Tidy up the layout" }).click();
  await fit(page);
  await node(page, map).getByText("For each item", { exact: true }).first().click();
  await inspector(page).getByLabel("List").fill("{% $input.orderIds %}");
  await inspector(page).getByLabel("At most").fill("2");
  await fit(page);
  await dropIntoLane(page, "Get an order", /^Get an order/, lane(page, map, "each"), "Order system");
  const getOrder = `${map}::each::get_an_order`;
  await expect(node(page, getOrder)).toBeVisible(SLOW);
  const orderId = inspector(page).getByRole("group", { name: "Order id" });
  await orderId.getByRole("button", { name: "From data" }).click();
  await orderId.getByRole("combobox").fill("$item");

  // Wire: the parallel step starts, then the for-each, then done.
  await node(page, parallel).getByText("Do at the same time", { exact: true }).first().click();
  await inspector(page).getByRole("button", { name: "Start here" }).click();
  await page.getByRole("button", { name: "Tidy up the layout" }).click();
  await fit(page);
  await connect(page, parallel, "next", map);
  await expect(page.locator(`.react-flow__edge[data-id="${parallel}:next"]`)).toHaveCount(1);
  await connect(page, map, "next", "done");
  await expect(page.locator(`.react-flow__edge[data-id="${map}:next"]`)).toHaveCount(1);
  // Wired, the tidy layout puts the steps one below the other (the groups take the room they need).
  await page.getByRole("button", { name: "Tidy up the layout" }).click();
  await expect(page.getByText("No problems: ready to publish")).toBeVisible(SLOW);
  await saved(page);
  await fit(page);
  await page.screenshot({ path: `${SHOTS}/60-parallel-and-map-ready.png` });

  // Collapsed, a group is a compact step, and stays so after a reload (saved with the layout); then shown again.
  await page.getByRole("button", { name: `Collapse ${parallel}` }).click();
  await expect(node(page, `${parallel}::first::customer_history`)).toHaveCount(0);
  await expect(node(page, parallel)).toContainText("2 branches: first, second");
  await saved(page);
  await page.reload();
  await expect(node(page, getOrder)).toBeVisible(SLOW);
  await expect(node(page, parallel)).toHaveAttribute("data-group", "collapsed");
  await page.screenshot({ path: `${SHOTS}/61-parallel-collapsed.png` });
  await page.getByRole("button", { name: `Expand ${parallel}` }).click();
  await expect(node(page, `${parallel}::second::find_a_customer_by_email`)).toBeVisible();
  await saved(page);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(publish).toBeHidden(SLOW);

  // Run it over three orders: the branches and the three items run; the run page says how each ended.
  await page.getByRole("button", { name: "Start run" }).click();
  const start = page.getByRole("dialog", { name: "Start a run" });
  await start.getByLabel("orderIds").fill('["ORD-1001", "ORD-1002", "ORD-1003"]');
  await start.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/, SLOW);
  const runUrl = page.url();
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 120_000 });
  const runCanvas = page.getByTestId("run-canvas");
  await expect(runCanvas.getByTestId(`node-${parallel}`).locator("[data-status]").first()).toHaveAttribute(
    "data-status",
    "succeeded",
  );
  // The run canvas shows the whole workflow, the groups included, at a readable zoom.
  await insideRunCanvas(page, [parallel, map, "done"]);
  const zoom = await page
    .locator('[data-testid="run-canvas"] .react-flow__viewport')
    .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
  expect(zoom).toBeGreaterThanOrEqual(0.75);
  const branches = page.getByTestId(`fanout-${parallel}`);
  await expect(branches.getByRole("link", { name: "first" })).toBeVisible(SLOW);
  await expect(branches).toContainText("second (succeeded)");
  const items = page.getByTestId(`fanout-${map}`);
  await expect(items.getByTestId("items-done")).toContainText("3");
  await expect(items.getByTestId("items-failed")).toContainText("0");
  await page.screenshot({ path: `${SHOTS}/62-parallel-and-map-run.png`, fullPage: true });

  // Open item 2: its own run, with the order it looked up.
  await items.getByLabel("Open item").fill("2");
  await items.getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(new RegExp(`${map}\\.1\\.1$`), SLOW);
  await expect(page.getByText(`Item 2 of step “${map}”`)).toBeVisible(SLOW);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible(SLOW);
  await expect(page.getByTestId("run-canvas").getByTestId("node-get_an_order")).toBeVisible();
  // The item body drawn on its own: its two steps one below the other, both in the canvas.
  await insideRunCanvas(page, ["get_an_order", "done"]);
  const [call, end] = await Promise.all(
    ["get_an_order", "done"].map(async (id) => (await page.getByTestId("run-canvas").getByTestId(`node-${id}`).boundingBox())!),
  );
  expect(end!.y - (call!.y + call!.height)).toBeLessThan(200);
  // The item's input is its element of the list, and its result the item body's output (the item).
  await expect(page.getByText('"ORD-1002"', { exact: true })).toHaveCount(2);
  await expect(page.getByText('"ORD-1002"', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/63-map-item-run.png`, fullPage: true });

  // And back to the run, through the link on the item's page.
  await page.getByRole("link", { name: `run ${runUrl.split("/").at(-1)}` }).click();
  await expect(page.getByTestId(`fanout-${map}`)).toBeVisible(SLOW);

  // A step inside a branch shows how it went in that branch, and a person re-runs from it: the new run enters the
  // parallel step again, the branch starts at that step, the other branch is taken over from this run.
  const inner = page.getByTestId("run-canvas").getByTestId(`node-${parallel}::second::find_a_customer_by_email`);
  await expect(inner.locator("[data-status]").first()).toHaveAttribute("data-status", "succeeded", SLOW);
  await inner.click();
  const rerun = page.getByRole("dialog", { name: "Re-run from this step?" });
  await expect(rerun).toContainText("starts branch “second” at “Find a customer by email”");
  await expect(rerun.getByText("Every step from here on is idempotent or read-only")).toBeVisible(SLOW);
  await page.screenshot({ path: `${SHOTS}/64-rerun-inside-branch.png` });
  await rerun.getByRole("button", { name: "Start the new run" }).click();
  await expect(page).not.toHaveURL(runUrl, SLOW);
  await expect(page).toHaveURL(/\/runs\/run_/, SLOW);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(`Re-run of`)).toBeVisible();
  await expect(page.getByTestId(`fanout-${parallel}`)).toContainText("first (succeeded)");
  await page.screenshot({ path: `${SHOTS}/65-rerun-inside-branch-run.png`, fullPage: true });
});
