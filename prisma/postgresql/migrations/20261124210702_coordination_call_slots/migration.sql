-- CreateTable
CREATE TABLE "McpCallSlot" (
    "id" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "McpCallSlot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "McpCallSlot_server_leaseUntil_idx" ON "McpCallSlot"("server", "leaseUntil");
