import { expect, test, type Locator, type Page } from "@playwright/test";
import { createServer, type IncomingHttpHeaders } from "node:http";

// Issue 23, what an analyst reached for: notify a person from a step, run one step with sample input, pin its output.
// On the demo installation (its MCP servers are connected); the chat webhook is a receiver this test starts.
test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const SHOTS = "test-results/screens";

const inspector = (page: Page): Locator => page.getByRole("complementary", { name: "Inspector" });
const node = (page: Page, id: string): Locator => page.getByTestId(`node-${id}`);

async function saved(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
}

/** A chat webhook that records what it is sent. */
async function chatReceiver() {
  const got: { headers: IncomingHttpHeaders; body: { text?: string } }[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: JSON.parse(text) as { text?: string } });
      res.writeHead(200).end("ok");
    });
  });
  const port = await new Promise<number>((r) =>
    server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port)),
  );
  return { got, url: `http://127.0.0.1:${port}/hooks/T0/SECRET-e2e`, close: () => server.close() };
}

/** A workflow to try steps on: find the customer (kept as $customer), decide on the tier, done. */
async function importWorkflow(page: Page, name: string): Promise<string> {
  const definition = {
    schemaVersion: 1,
    name,
    input: { type: "object", properties: { email: { type: "string", title: "Customer email" } }, required: ["email"] },
    startAt: "find",
    states: {
      find: {
        type: "tool",
        title: "Find the customer",
        server: "crm",
        tool: "find_customer",
        input: { email: "{% $input.email %}" },
        timeoutMs: 30_000,
        assign: { customer: "{% $result %}" },
        next: "decide",
      },
      decide: { type: "choice", choices: [{ when: "{% $customer.tier = 'gold' %}", next: "done" }], default: "done" },
      done: { type: "succeed", output: "{% $customer.name %}" },
    },
  };
  const res = await page.request.post("/api/trpc/workflows.importJson", { data: { json: { text: JSON.stringify(definition) } } });
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { result: { data: { json: { id: string } } } };
  return body.result.data.json.id;
}

test("an analyst adds a Notify step, configures it, test-runs it, and the team's chat gets the message", async ({ page }) => {
  test.setTimeout(240_000);
  const hook = await chatReceiver();
  try {
    // An admin sets the chat webhook; its URL is never shown again.
    await page.goto("/settings/notifications");
    await page.getByLabel("Chat webhook URL").fill(hook.url);
    await page.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByText("A chat webhook is set")).toBeVisible();
    await page.reload();
    await expect(page.getByText("A chat webhook is set")).toBeVisible();
    expect(await page.content()).not.toContain("SECRET-e2e");

    await page.goto("/");
    await page.getByRole("button", { name: "New workflow" }).first().click();
    const create = page.getByRole("dialog", { name: "New workflow" });
    await create.getByLabel("Name").fill("Tell the team");
    await create.getByRole("button", { name: "Create workflow" }).click();
    await expect(node(page, "done")).toBeVisible();

    // The palette offers it among Switchyard's own tools; its inspector is the tool's form.
    const palette = page.getByRole("complementary", { name: "Palette" });
    await expect(palette.getByRole("region", { name: "Tools of Switchyard (built in)" })).toBeVisible();
    await palette.getByRole("button", { name: /Notify a person/ }).click();
    const id = (await inspector(page).getByTitle("The step's id, used in the workflow's definition").textContent()) ?? "";
    expect(id).not.toBe("");
    await inspector(page).getByLabel("Title", { exact: true }).fill("Refund");
    await inspector(page).getByLabel("Message", { exact: true }).fill("Refund check {% $uppercase('ok') %}");
    await inspector(page).getByRole("button", { name: "Start here" }).click();
    await inspector(page).getByLabel("Next step").selectOption({ label: "Done" });
    await expect(node(page, id)).toBeVisible();
    await saved(page);
    await node(page, id).click();
    await page.screenshot({ path: `${SHOTS}/50-designer-notify-step.png` });

    await page.getByRole("button", { name: "Test run" }).click();
    await page.getByRole("dialog", { name: "Test the draft" }).getByRole("button", { name: "Start test run" }).click();
    await expect(page).toHaveURL(/\/runs\/run_/);
    await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });
    const runId = /\/runs\/([^/?#]+)/.exec(page.url())?.[1] ?? "";
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]?.body).toEqual({ text: "*Refund*\nRefund check OK" });
    expect(hook.got[0]?.headers["idempotency-key"]).toBe(`${decodeURIComponent(runId)}:${id}:1`);
  } finally {
    hook.close();
  }
});

test("an analyst runs one step with sample input and sees its output", async ({ page }) => {
  test.setTimeout(180_000);
  const id = await importWorkflow(page, "Try one step");
  await page.goto(`/workflows/${id}`);
  await node(page, "find").click();
  await inspector(page).getByRole("button", { name: "Try this step" }).click();
  const sample = inspector(page).getByLabel(/Sample data/);
  await expect(sample).toHaveValue(/"email": ""/);
  await sample.fill(JSON.stringify({ input: { email: "nobody@example.com" } }));
  await inspector(page).getByRole("button", { name: "Run this step" }).click();
  await expect(
    inspector(page).getByRole("alert").filter({ hasText: "No customer has the email address nobody@example.com" }),
  ).toBeVisible({
    timeout: 45_000,
  });
  await sample.fill(JSON.stringify({ input: { email: "ada.lovelace@example.com" } }));
  await inspector(page).getByRole("button", { name: "Run this step" }).click();
  const output = inspector(page).getByRole("region", { name: "Step output" });
  await expect(output).toContainText('"name": "Ada Lovelace"', { timeout: 45_000 });
  await output.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/51-designer-step-output.png` });
});

test("an analyst pins a step's output, designs against it, and a test run uses it instead of the tool", async ({ page }) => {
  test.setTimeout(240_000);
  const id = await importWorkflow(page, "Pinned lookup");
  await page.goto(`/workflows/${id}`);
  await node(page, "find").click();
  await inspector(page).getByRole("button", { name: "Try this step" }).click();
  await inspector(page)
    .getByLabel(/Sample data/)
    .fill(JSON.stringify({ input: { email: "ada.lovelace@example.com" } }));
  await inspector(page).getByRole("button", { name: "Run this step" }).click();
  await inspector(page).getByRole("button", { name: "Pin this output" }).click({ timeout: 45_000 });
  const pinned = inspector(page).getByRole("region", { name: "Pinned output" });
  await expect(pinned).toContainText("Ada Lovelace");
  await expect(node(page, "find")).toContainText("Output pinned");
  await saved(page);
  await page.screenshot({ path: `${SHOTS}/52-designer-pinned-output.png` });

  // Later steps are designed against it: the rule builder offers its fields.
  await node(page, "decide").click();
  const data = inspector(page).getByLabel("Data of rule 1 of condition 1");
  await expect(data.locator('option[value="$customer.tier"]')).toHaveCount(1);

  // A test run with an email the CRM does not know still finds "Ada Lovelace": the pinned output answered.
  await page.getByRole("button", { name: "Test run" }).click();
  const dialog = page.getByRole("dialog", { name: "Test the draft" });
  await dialog.getByLabel("Customer email").fill("nobody@example.com");
  await dialog.getByRole("button", { name: "Start test run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("run-canvas").getByTestId("node-find")).toContainText("(pinned output)");
  await expect(page.getByRole("note", { name: "Test run" })).toContainText(
    "except “Find the customer”, answered by a pinned output",
  );
  const result = page.locator("section").filter({ has: page.getByRole("heading", { name: "Result", exact: true }) });
  await expect(result).toContainText("Ada Lovelace");
  await page.screenshot({ path: `${SHOTS}/53-test-run-pinned.png` });

  // Unpinned, the step calls the tool again.
  await page.goto(`/workflows/${id}`);
  await node(page, "find").click();
  await inspector(page).getByRole("region", { name: "Pinned output" }).getByRole("button", { name: "Unpin" }).click();
  await expect(inspector(page).getByRole("region", { name: "Pinned output" })).toHaveCount(0);
  await saved(page);
});
