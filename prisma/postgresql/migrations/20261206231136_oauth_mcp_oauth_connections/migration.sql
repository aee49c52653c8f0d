-- CreateTable
CREATE TABLE "McpOAuthConnection" (
    "server" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "secrets" TEXT NOT NULL DEFAULT '',
    "pendingState" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "scopes" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMP(3),
    "reason" TEXT NOT NULL DEFAULT '',
    "connectedBy" TEXT NOT NULL DEFAULT '',
    "connectedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpOAuthConnection_pkey" PRIMARY KEY ("server")
);

-- CreateIndex
CREATE UNIQUE INDEX "McpOAuthConnection_pendingState_key" ON "McpOAuthConnection"("pendingState");
