-- AlterTable
ALTER TABLE "Workflow" ADD COLUMN     "mcpTool" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "McpRunRequest" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "clientName" TEXT NOT NULL DEFAULT '',
    "clientVersion" TEXT NOT NULL DEFAULT '',
    "caller" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "McpRunRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "McpRunRequest_runId_key" ON "McpRunRequest"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "McpRunRequest_idempotencyKey_key" ON "McpRunRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "McpRunRequest_workflowId_createdAt_idx" ON "McpRunRequest"("workflowId", "createdAt");
