-- CreateTable
CREATE TABLE "FeedKey" (
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedKey_pkey" PRIMARY KEY ("platform","userId")
);
