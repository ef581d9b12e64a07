-- CreateTable
CREATE TABLE "RosterAssignment" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sectionId" TEXT NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,
    "removedBy" TEXT,
    "removedAt" TIMESTAMP(3),
    "activeKey" TEXT,

    CONSTRAINT "RosterAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RosterAssignment_activeKey_key" ON "RosterAssignment"("activeKey");

-- CreateIndex
CREATE INDEX "RosterAssignment_platform_userId_removedAt_idx" ON "RosterAssignment"("platform", "userId", "removedAt");

-- CreateIndex
CREATE INDEX "RosterAssignment_sectionId_removedAt_idx" ON "RosterAssignment"("sectionId", "removedAt");

-- CreateIndex
CREATE INDEX "RosterAssignment_assignedAt_idx" ON "RosterAssignment"("assignedAt");
