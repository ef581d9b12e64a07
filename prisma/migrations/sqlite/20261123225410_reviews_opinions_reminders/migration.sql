-- CreateTable
CREATE TABLE "Review" (
    "requestId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "meetingLabel" TEXT NOT NULL DEFAULT '',
    "result" TEXT NOT NULL DEFAULT '',
    "followUps" TEXT NOT NULL DEFAULT '[]',
    "attendance" TEXT,
    "opinionSeq" INTEGER NOT NULL DEFAULT 0,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("requestId", "tierId"),
    CONSTRAINT "Review_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Opinion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "sectionId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "authorPlatform" TEXT NOT NULL,
    "authorUser" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "answerSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Opinion_requestId_tierId_fkey" FOREIGN KEY ("requestId", "tierId") REFERENCES "Review" ("requestId", "tierId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "opinionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "authorPlatform" TEXT NOT NULL,
    "authorUser" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Answer_opinionId_fkey" FOREIGN KEY ("opinionId") REFERENCES "Opinion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "leadDays" INTEGER NOT NULL,
    "fireAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "threadId" TEXT,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reminder_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Opinion_requestId_tierId_seq_key" ON "Opinion"("requestId", "tierId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_opinionId_seq_key" ON "Answer"("opinionId", "seq");

-- CreateIndex
CREATE INDEX "Reminder_status_fireAt_idx" ON "Reminder"("status", "fireAt");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_requestId_deadline_dueDate_leadDays_platform_channelId_key" ON "Reminder"("requestId", "deadline", "dueDate", "leadDays", "platform", "channelId");
