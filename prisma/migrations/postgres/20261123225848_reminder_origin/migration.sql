-- AlterTable
ALTER TABLE "Reminder" ADD COLUMN     "firstClaimedAt" TIMESTAMP(3),
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'plan';
