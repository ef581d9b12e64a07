-- CreateIndex
CREATE INDEX "Request_createdByPlatform_createdByUser_createdAt_idx" ON "Request"("createdByPlatform", "createdByUser", "createdAt");

-- CreateIndex
CREATE INDEX "Reminder_dueDate_status_idx" ON "Reminder"("dueDate", "status");
