-- AlterTable
ALTER TABLE "StepAttempt" ADD COLUMN "sentAt" DATETIME;
