-- CreateIndex
CREATE INDEX "Reminder_platform_channelId_status_leaseUntil_idx" ON "Reminder"("platform", "channelId", "status", "leaseUntil");
