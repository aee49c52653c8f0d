-- AlterTable
ALTER TABLE "StepAttempt" ADD COLUMN     "sentAt" TIMESTAMP(3);
