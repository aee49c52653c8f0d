import { expect, test, type Page } from "@playwright/test";
import { startOAuthMcpServer, type OAuthFixture } from "../server/mcp/fixtures/oauth-mcp-server";

// An admin connects an OAuth-protected MCP server: its authorization server's consent page, back to Switchyard's
// callback, tools listed; the page never holds a token, code or client secret.
test.describe.configure({ mode: "serial" });

let fixture: OAuthFixture;
test.beforeAll(async () => {
  fixture = await startOAuthMcpServer({ consentPage: true });
});
test.afterAll(async () => {
  await fixture.stop();
});

test("an admin adds an OAuth server, connects it through the consent page, and sees its tools", async ({ page }) => {
  await page.goto("/servers");
  await page.getByRole("button", { name: "Add server" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await dialog.getByLabel("Name", { exact: true }).fill("notes");
  await dialog.getByText("Streamable HTTP", { exact: true }).click();
  await dialog.getByLabel("URL").fill(fixture.url);
  await dialog.getByLabel("Authorization method").selectOption("authorization_code");
  await dialog.getByRole("button", { name: "Add server" }).click();

  const panel = page.getByTestId("oauth-panel");
  // Once the server has said "authorization needed", Disconnect (forget the registration) stands beside Connect.
  await expect(panel.getByTestId("oauth-status")).toHaveText(/Not connected|Authorization needed/);
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  // The authorization server's consent page (another origin), then back through /api/oauth/callback.
  await expect(page.getByRole("heading", { name: "Allow Switchyard to use your notes?" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/13-oauth-consent.png" });
  await page.getByRole("link", { name: "Allow" }).click();
  await expect(page).toHaveURL(/\/servers\/srv_[^?]+\?oauth=connected/);
  await expect(panel.getByTestId("oauth-status")).toContainText("Connected");
  await expect(panel.getByTestId("oauth-subject")).not.toBeEmpty();
  await expect(panel).toContainText("notes:read");

  await page.getByRole("button", { name: "Test and refresh tools" }).click();
  const tools = page.getByRole("list", { name: "Tools" });
  await expect(tools.getByText("whoami", { exact: true })).toBeVisible();
  await expect(tools.getByText("write_note", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/14-oauth-connected.png", fullPage: true });

  const html = await page.content();
  for (const secret of fixture.secretsIssued()) expect(html).not.toContain(secret);

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(panel.getByTestId("oauth-status")).toHaveText("Not connected");
  expect(fixture.stats.revoked).toBeGreaterThan(0);
});

/** The notes server's page, Connect, consent, back: connected. */
async function connectNotes(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Connect|Reconnect)$/ }).click();
  await expect(page.getByRole("heading", { name: "Allow Switchyard to use your notes?" })).toBeVisible();
  await page.getByRole("link", { name: "Allow" }).click();
  await expect(page).toHaveURL(/\/servers\/srv_[^?]+\?oauth=connected/);
  await expect(page.getByTestId("oauth-panel").getByTestId("oauth-status")).toContainText("Connected");
}

const NOTES_CHECK = {
  schemaVersion: 1,
  name: "Notes check",
  startAt: "who",
  states: {
    who: {
      type: "tool",
      title: "Who am I",
      server: "notes",
      tool: "whoami",
      input: {},
      assign: { who: "{% $result %}" },
      next: "review",
    },
    review: { type: "human", title: "Go on with the notes?", options: [{ id: "go", label: "Go on", next: "again" }] },
    again: { type: "tool", title: "Who am I again", server: "notes", tool: "whoami", input: {}, next: "done" },
    done: { type: "succeed", output: "{% $who %}" },
  },
};

test("a run uses the server: an expired token is refreshed mid-run; a revoked one parks the run until an admin reconnects from the inbox", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Connected again (the journey above disconnected), then a workflow that calls it before and after a person decides.
  await page.goto("/servers");
  await page.getByRole("link", { name: /notes/ }).first().click();
  await connectNotes(page);
  await page.goto("/");
  await page
    .getByTestId("import-file")
    .setInputFiles({ name: "notes-check.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(NOTES_CHECK)) });
  await expect(page.getByRole("heading", { name: "Notes check" })).toBeVisible();
  const workflowUrl = page.url();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(publish).toBeHidden();

  const startRun = async (): Promise<string> => {
    await page.goto(workflowUrl);
    await page.getByRole("button", { name: "Start run" }).click();
    await page.getByRole("dialog", { name: "Start a run" }).getByRole("button", { name: "Start run" }).click();
    await expect(page).toHaveURL(/\/runs\/run_/);
    return page.url();
  };
  const decide = async () => {
    await page.goto("/inbox");
    await page.getByLabel("Your name").fill("Olive Admin");
    await page
      .getByRole("list", { name: "Items" })
      .getByRole("button", { name: /Go on with the notes/ })
      .first()
      .click();
    const item = page.getByRole("article", { name: "Escalation" });
    await item.getByRole("button", { name: "Go on" }).click();
    // Decided once the item says so: leaving the page at once could cancel the decision's request (beside a CPU hog).
    await expect(item.getByText(/Resolved by Olive Admin/)).toBeVisible();
  };
  const status = (stateId: string) => page.getByTestId("run-canvas").getByTestId(`node-${stateId}`).locator("[data-status]");

  // Run 1: the token expires while a person decides; the next call is refused (401), refreshed, and the run goes on.
  const first = await startRun();
  await expect(status("review")).toHaveAttribute("data-status", "waiting", { timeout: 30_000 });
  const refreshes = fixture.stats.tokens.refresh_token ?? 0;
  fixture.expireAccessTokens();
  await decide();
  await page.goto(first);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(fixture.stats.tokens.refresh_token ?? 0).toBeGreaterThan(refreshes);

  // Run 2: the grant is revoked (refresh refused too): the run parks on "authorization needed", not failed.
  fixture.revokeAll();
  const second = await startRun();
  await expect(status("who")).toHaveAttribute("data-status", "waiting", { timeout: 30_000 });
  await page.goto("/inbox");
  await page
    .getByRole("list", { name: "Items" })
    .getByRole("button", { name: /Authorization needed/ })
    .first()
    .click();
  const notice = page.getByTestId("reconnect-notice");
  await expect(notice).toContainText("“notes” needs to be connected again");
  await page.screenshot({ path: "test-results/screens/15-oauth-parked-run.png", fullPage: true });
  await notice.getByRole("link", { name: "Reconnect notes" }).click();
  await connectNotes(page);

  // Reconnected: the parked run retries its call by itself and reaches the person's step, then finishes.
  await page.goto(second);
  await expect(status("who")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await decide();
  await page.goto(second);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
  const html = await page.content();
  for (const secret of fixture.secretsIssued()) expect(html).not.toContain(secret);
});
