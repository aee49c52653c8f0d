-- CreateTable
CREATE TABLE "BreakerEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "server" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RunAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "stateId" TEXT,
    "seq" INTEGER NOT NULL,
    "activeKey" TEXT,
    "raisedAt" DATETIME NOT NULL,
    "clearedAt" DATETIME,
    CONSTRAINT "RunAlert_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "escalationId" TEXT,
    "alertId" TEXT,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "lastStatus" INTEGER,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookDelivery_escalationId_fkey" FOREIGN KEY ("escalationId") REFERENCES "Escalation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "RunAlert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_WebhookDelivery" ("attempts", "createdAt", "deliveredAt", "escalationId", "event", "id", "lastError", "lastStatus", "nextAttemptAt", "payload", "status", "updatedAt") SELECT "attempts", "createdAt", "deliveredAt", "escalationId", "event", "id", "lastError", "lastStatus", "nextAttemptAt", "payload", "status", "updatedAt" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE UNIQUE INDEX "WebhookDelivery_escalationId_event_key" ON "WebhookDelivery"("escalationId", "event");
CREATE UNIQUE INDEX "WebhookDelivery_alertId_event_key" ON "WebhookDelivery"("alertId", "event");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BreakerEvent_server_at_idx" ON "BreakerEvent"("server", "at");

-- CreateIndex
CREATE INDEX "BreakerEvent_at_idx" ON "BreakerEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "RunAlert_activeKey_key" ON "RunAlert"("activeKey");

-- CreateIndex
CREATE INDEX "RunAlert_clearedAt_raisedAt_idx" ON "RunAlert"("clearedAt", "raisedAt");

-- CreateIndex
CREATE INDEX "RunAlert_runId_raisedAt_idx" ON "RunAlert"("runId", "raisedAt");
