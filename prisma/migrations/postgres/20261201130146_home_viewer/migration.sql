-- CreateTable
CREATE TABLE "HomeViewer" (
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "activityId" TEXT,
    "lastOpenedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HomeViewer_pkey" PRIMARY KEY ("platform","userId")
);

-- CreateIndex
CREATE INDEX "HomeViewer_lastOpenedAt_idx" ON "HomeViewer"("lastOpenedAt");
