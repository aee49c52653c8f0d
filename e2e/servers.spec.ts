import { expect, test } from "@playwright/test";

// An operator connects MCP servers from the Servers page.
test.describe.configure({ mode: "serial" });

const EVERYTHING = "node_modules/@modelcontextprotocol/server-everything/dist/index.js";

test("an operator adds a stdio server, tests it, and sees its tools with their safety hints", async ({ page }) => {
  await page.goto("/servers");
  await expect(page.getByRole("heading", { name: "No MCP servers connected" })).toBeVisible();
  await page.getByRole("button", { name: "Add server" }).first().click();

  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await dialog.getByLabel("Name", { exact: true }).fill("everything");
  await dialog.getByLabel("Display name (optional)").fill("Everything (reference server)");
  await dialog.getByLabel("Command", { exact: true }).fill("node");
  await dialog.getByLabel("Arguments").fill(EVERYTHING);
  await dialog.getByRole("button", { name: "Add variable" }).click();
  await dialog.getByLabel("Environment variables name 1").fill("API_KEY");
  await dialog.getByLabel("Environment variables value 1").fill("sk-e2e-secret");

  await dialog.getByRole("button", { name: "Test connection" }).click();
  const ok = dialog.getByRole("status");
  await expect(ok).toContainText("Connected to");
  await expect(ok).toContainText("2025-11-25");
  await page.screenshot({ path: "test-results/screens/10-server-test.png" });

  await dialog.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByRole("heading", { name: "Everything (reference server)" })).toBeVisible();
  const tools = page.getByRole("list", { name: "Tools" });
  await expect(tools.getByText("echo", { exact: true })).toBeVisible();
  await expect(tools.getByText("Read-only").first()).toBeVisible();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/11-server-tools.png", fullPage: true });

  // The secret is never sent back to the browser: the edit form shows it as set.
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit everything" });
  await expect(edit.getByText("set", { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain("sk-e2e-secret");
  await edit.getByRole("button", { name: "Cancel" }).click();
});

test("a wrong command gets a clear error", async ({ page }) => {
  await page.goto("/servers");
  await page.getByRole("button", { name: "Add server" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await dialog.getByLabel("Name", { exact: true }).fill("typo");
  await dialog.getByLabel("Command", { exact: true }).fill("nodee");
  await dialog.getByLabel("Arguments").fill("server.js");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("The server could not be started or reached");
  await expect(alert).toContainText(/command was not found|exited during start-up/);
  await page.screenshot({ path: "test-results/screens/12-server-error.png" });
});

// MCP Tasks: server-everything's task-only research tool runs as a task; its question (titled choices) is answered in
// the inbox by title, the value goes back to the server, and the run finishes with the report.
