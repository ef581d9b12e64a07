-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Reminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "leadDays" INTEGER NOT NULL,
    "fireAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'plan',
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "threadId" TEXT,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "firstClaimedAt" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reminder_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Reminder" ("attempts", "channelId", "claimedBy", "createdAt", "deadline", "dueDate", "fireAt", "id", "lastError", "leadDays", "leaseUntil", "messageId", "platform", "requestId", "sentAt", "status", "threadId", "updatedAt") SELECT "attempts", "channelId", "claimedBy", "createdAt", "deadline", "dueDate", "fireAt", "id", "lastError", "leadDays", "leaseUntil", "messageId", "platform", "requestId", "sentAt", "status", "threadId", "updatedAt" FROM "Reminder";
DROP TABLE "Reminder";
ALTER TABLE "new_Reminder" RENAME TO "Reminder";
CREATE INDEX "Reminder_status_fireAt_idx" ON "Reminder"("status", "fireAt");
CREATE UNIQUE INDEX "Reminder_requestId_deadline_dueDate_leadDays_platform_channelId_key" ON "Reminder"("requestId", "deadline", "dueDate", "leadDays", "platform", "channelId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
