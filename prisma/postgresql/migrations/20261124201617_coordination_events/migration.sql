-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "correlationKey" TEXT,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventWait" (
    "runId" TEXT NOT NULL,
    "waitId" TEXT NOT NULL,
    "stateId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "correlationKey" TEXT,
    "since" TIMESTAMP(3) NOT NULL,
    "seq" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventWait_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "Trigger" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secretHash" TEXT NOT NULL DEFAULT '',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "lastTickAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerFiring" (
    "id" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "runId" TEXT,
    "skipped" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriggerFiring_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Event_type_correlationKey_createdAt_idx" ON "Event"("type", "correlationKey", "createdAt");

-- CreateIndex
CREATE INDEX "Event_createdAt_idx" ON "Event"("createdAt");

-- CreateIndex
CREATE INDEX "EventWait_type_correlationKey_idx" ON "EventWait"("type", "correlationKey");

-- CreateIndex
CREATE INDEX "Trigger_workflowId_idx" ON "Trigger"("workflowId");

-- CreateIndex
CREATE INDEX "Trigger_kind_paused_idx" ON "Trigger"("kind", "paused");

-- CreateIndex
CREATE INDEX "TriggerFiring_triggerId_createdAt_idx" ON "TriggerFiring"("triggerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TriggerFiring_triggerId_dedupKey_key" ON "TriggerFiring"("triggerId", "dedupKey");

-- AddForeignKey
ALTER TABLE "Trigger" ADD CONSTRAINT "Trigger_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerFiring" ADD CONSTRAINT "TriggerFiring_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "Trigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
