-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "alertId" TEXT,
ALTER COLUMN "escalationId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "BreakerEvent" (
    "id" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BreakerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunAlert" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "stateId" TEXT,
    "seq" INTEGER NOT NULL,
    "activeKey" TEXT,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "RunAlert_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_alertId_event_key" ON "WebhookDelivery"("alertId", "event");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "RunAlert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunAlert" ADD CONSTRAINT "RunAlert_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

