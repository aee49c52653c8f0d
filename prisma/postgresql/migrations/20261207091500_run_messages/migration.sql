-- CreateTable
CREATE TABLE "RunMessage" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMP(3),

    CONSTRAINT "RunMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RunMessage_createdAt_idx" ON "RunMessage"("createdAt");
