-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- Search (written by hand): pg_trgm (a trusted extension: the database owner may create
-- it) and a GIN trigram index, so ILIKE '%語%' on "searchText" is an index scan.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
UPDATE "Request" SET "searchText" = lower(
  "caseNo" || ' ' || "title" || ' ' || coalesce(("form"::jsonb)->>'summary', '') || ' ' ||
  coalesce(("form"::jsonb)->>'points', '') || ' ' || coalesce(("form"::jsonb)#>>'{owner,bureau}', '') || ' ' ||
  coalesce(("form"::jsonb)#>>'{owner,department}', '') || ' ' || coalesce(("form"::jsonb)#>>'{owner,unit}', ''));
CREATE INDEX "Request_searchText_trgm_idx" ON "Request" USING GIN ("searchText" gin_trgm_ops);
