-- CreateTable
CREATE TABLE "LockKey" (
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LockKey_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LockClaim" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "maxHolders" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "grantedAt" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "notified" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "LockClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LockClaim_key_status_requestedAt_idx" ON "LockClaim"("key", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "LockClaim_runId_idx" ON "LockClaim"("runId");

-- CreateIndex
CREATE INDEX "LockClaim_status_notified_idx" ON "LockClaim"("status", "notified");

-- CreateIndex
CREATE UNIQUE INDEX "LockClaim_key_runId_key" ON "LockClaim"("key", "runId");
