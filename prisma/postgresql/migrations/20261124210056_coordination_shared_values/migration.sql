-- CreateTable
CREATE TABLE "SharedValue" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "lastWriteId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharedValue_pkey" PRIMARY KEY ("key")
);
