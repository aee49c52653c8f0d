import { expect, test } from "@playwright/test";
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
  await expect(panel.getByTestId("oauth-status")).toHaveText(/Not connected|Authorization needed/);
  await page.getByRole("button", { name: "Connect" }).click();

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
