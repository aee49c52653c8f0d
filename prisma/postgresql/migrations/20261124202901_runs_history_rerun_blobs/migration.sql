-- DropIndex
DROP INDEX "Run_status_wakeAt_idx";

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "fromStateId" TEXT,
ADD COLUMN     "seed" JSONB;

-- CreateTable
CREATE TABLE "RunBlob" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "stateId" TEXT NOT NULL,
    "visit" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunBlob_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "RunBlob" ADD CONSTRAINT "RunBlob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
