-- AlterTable
ALTER TABLE "McpRunRequest" ADD COLUMN "callerId" TEXT NOT NULL DEFAULT '';
