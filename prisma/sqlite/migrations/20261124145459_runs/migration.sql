-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currentState" TEXT,
    "state" JSONB NOT NULL,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "failure" JSONB,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "wakeAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "parentRunId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "Run_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "WorkflowVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Transition" (
    "runId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "event" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "stateId" TEXT,
    "commands" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("runId", "seq"),
    CONSTRAINT "Transition_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StepAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stateId" TEXT NOT NULL,
    "visit" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fromCache" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "latencyMs" REAL,
    CONSTRAINT "StepAttempt_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stateId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "context" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "details" JSONB,
    "assigneeGroup" TEXT,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT,
    "dueAt" DATETIME,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "resolution" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Escalation_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CircuitBreaker" (
    "server" TEXT NOT NULL PRIMARY KEY,
    "state" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Run_status_wakeAt_idx" ON "Run"("status", "wakeAt");

-- CreateIndex
CREATE INDEX "Run_workflowId_createdAt_idx" ON "Run"("workflowId", "createdAt");

-- CreateIndex
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt");

-- CreateIndex
CREATE INDEX "StepAttempt_server_tool_status_finishedAt_idx" ON "StepAttempt"("server", "tool", "status", "finishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "StepAttempt_runId_stateId_visit_attempt_purpose_key" ON "StepAttempt"("runId", "stateId", "visit", "attempt", "purpose");

-- CreateIndex
CREATE INDEX "Escalation_status_dueAt_idx" ON "Escalation"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Escalation_runId_idx" ON "Escalation"("runId");
