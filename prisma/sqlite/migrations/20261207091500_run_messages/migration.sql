-- CreateTable
CREATE TABLE "RunMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" DATETIME
);

-- CreateIndex
CREATE INDEX "RunMessage_createdAt_idx" ON "RunMessage"("createdAt");
