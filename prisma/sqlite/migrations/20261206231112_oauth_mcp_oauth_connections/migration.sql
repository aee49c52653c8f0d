-- CreateTable
CREATE TABLE "McpOAuthConnection" (
    "server" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "secrets" TEXT NOT NULL DEFAULT '',
    "pendingState" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "scopes" TEXT NOT NULL DEFAULT '',
    "expiresAt" DATETIME,
    "reason" TEXT NOT NULL DEFAULT '',
    "connectedBy" TEXT NOT NULL DEFAULT '',
    "connectedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "McpOAuthConnection_pendingState_key" ON "McpOAuthConnection"("pendingState");
