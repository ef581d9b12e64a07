-- DropIndex
DROP INDEX "Reminder_dueDate_status_idx";

-- CreateIndex
CREATE INDEX "Reminder_dueDate_requestId_deadline_status_fireAt_idx" ON "Reminder"("dueDate", "requestId", "deadline", "status", "fireAt");
