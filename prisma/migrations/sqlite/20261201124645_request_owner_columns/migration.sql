-- 所管 copied out of the form, so the home counts what a person may see without parsing
-- each form. Added in place (no table rebuild: that would drop the RequestFts triggers),
-- and filled from the stored forms.
ALTER TABLE "Request" ADD COLUMN "ownerBureau" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Request" ADD COLUMN "ownerDepartment" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Request" ADD COLUMN "ownerUnit" TEXT;
UPDATE "Request" SET
  "ownerBureau" = COALESCE(json_extract("form", '$.owner.bureau'), ''),
  "ownerDepartment" = COALESCE(json_extract("form", '$.owner.department'), ''),
  "ownerUnit" = json_extract("form", '$.owner.unit');
