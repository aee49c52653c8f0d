-- CreateTable
CREATE TABLE "LockKey" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "LockClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "maxHolders" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "grantedAt" DATETIME,
    "leaseUntil" DATETIME,
    "notified" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "LockClaim_key_status_requestedAt_idx" ON "LockClaim"("key", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "LockClaim_runId_idx" ON "LockClaim"("runId");

-- CreateIndex
CREATE INDEX "LockClaim_status_notified_idx" ON "LockClaim"("status", "notified");

-- CreateIndex
CREATE UNIQUE INDEX "LockClaim_key_runId_key" ON "LockClaim"("key", "runId");
