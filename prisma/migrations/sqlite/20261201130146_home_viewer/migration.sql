-- CreateTable
CREATE TABLE "HomeViewer" (
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "activityId" TEXT,
    "lastOpenedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "userId")
);

-- CreateIndex
CREATE INDEX "HomeViewer_lastOpenedAt_idx" ON "HomeViewer"("lastOpenedAt");
