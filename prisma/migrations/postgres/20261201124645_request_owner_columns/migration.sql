-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "ownerBureau" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "ownerDepartment" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "ownerUnit" TEXT;

-- Filled from the stored forms (JSON text).
UPDATE "Request" SET
  "ownerBureau" = COALESCE(("form"::jsonb #>> '{owner,bureau}'), ''),
  "ownerDepartment" = COALESCE(("form"::jsonb #>> '{owner,department}'), ''),
  "ownerUnit" = ("form"::jsonb #>> '{owner,unit}');
