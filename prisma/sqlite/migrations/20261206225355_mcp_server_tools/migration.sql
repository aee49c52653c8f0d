-- CreateTable
CREATE TABLE "McpRunRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "clientName" TEXT NOT NULL DEFAULT '',
    "clientVersion" TEXT NOT NULL DEFAULT '',
    "caller" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Workflow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "draft" JSONB NOT NULL,
    "draftRevision" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "mcpTool" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Workflow" ("archived", "createdAt", "description", "draft", "draftRevision", "id", "name", "updatedAt") SELECT "archived", "createdAt", "description", "draft", "draftRevision", "id", "name", "updatedAt" FROM "Workflow";
DROP TABLE "Workflow";
ALTER TABLE "new_Workflow" RENAME TO "Workflow";
CREATE INDEX "Workflow_archived_updatedAt_idx" ON "Workflow"("archived", "updatedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "McpRunRequest_runId_key" ON "McpRunRequest"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "McpRunRequest_idempotencyKey_key" ON "McpRunRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "McpRunRequest_workflowId_createdAt_idx" ON "McpRunRequest"("workflowId", "createdAt");
