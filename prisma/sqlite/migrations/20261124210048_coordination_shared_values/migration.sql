-- CreateTable
CREATE TABLE "SharedValue" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "lastWriteId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
