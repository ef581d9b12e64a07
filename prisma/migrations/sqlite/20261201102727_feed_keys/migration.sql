-- CreateTable
CREATE TABLE "FeedKey" (
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "userId")
);
