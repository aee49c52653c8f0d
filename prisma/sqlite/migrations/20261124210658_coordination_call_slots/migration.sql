-- CreateTable
CREATE TABLE "McpCallSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "server" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "McpCallSlot_server_leaseUntil_idx" ON "McpCallSlot"("server", "leaseUntil");
