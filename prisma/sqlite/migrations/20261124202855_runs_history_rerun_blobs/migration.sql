-- DropIndex
DROP INDEX "Run_status_wakeAt_idx";

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "fromStateId" TEXT;
ALTER TABLE "Run" ADD COLUMN "seed" JSONB;

-- CreateTable
CREATE TABLE "RunBlob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stateId" TEXT NOT NULL,
    "visit" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RunBlob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RunBlob_runId_idx" ON "RunBlob"("runId");

-- CreateIndex
CREATE INDEX "Run_status_wakeAt_createdAt_idx" ON "Run"("status", "wakeAt", "createdAt");

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_versionId_createdAt_idx" ON "Run"("versionId", "createdAt");

-- CreateIndex
CREATE INDEX "Run_status_updatedAt_idx" ON "Run"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId");
