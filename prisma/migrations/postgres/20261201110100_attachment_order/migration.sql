-- DropIndex
DROP INDEX "Attachment_requestId_addedAt_idx";

-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Attachment_requestId_position_idx" ON "Attachment"("requestId", "position");
