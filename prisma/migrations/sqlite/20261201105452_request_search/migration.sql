-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Request" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseNo" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "createdByPlatform" TEXT NOT NULL,
    "createdByUser" TEXT NOT NULL,
    "originPlatform" TEXT NOT NULL,
    "originChannel" TEXT NOT NULL,
    "sourceDraftId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "searchText" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Request" ("caseNo", "createdAt", "createdByPlatform", "createdByUser", "fiscalYear", "form", "id", "originChannel", "originPlatform", "seq", "sourceDraftId", "status", "title", "updatedAt", "version") SELECT "caseNo", "createdAt", "createdByPlatform", "createdByUser", "fiscalYear", "form", "id", "originChannel", "originPlatform", "seq", "sourceDraftId", "status", "title", "updatedAt", "version" FROM "Request";
DROP TABLE "Request";
ALTER TABLE "new_Request" RENAME TO "Request";
CREATE UNIQUE INDEX "Request_caseNo_key" ON "Request"("caseNo");
CREATE UNIQUE INDEX "Request_sourceDraftId_key" ON "Request"("sourceDraftId");
CREATE INDEX "Request_createdAt_idx" ON "Request"("createdAt");
CREATE UNIQUE INDEX "Request_fiscalYear_seq_key" ON "Request"("fiscalYear", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Search (written by hand; Prisma does not model virtual tables or triggers).
-- Existing rows: the text the repository writes (NFKC is applied by the application on
-- every later write; lower() here folds ASCII only).
UPDATE "Request" SET "searchText" = lower(
  "caseNo" || ' ' || "title" || ' ' || coalesce(json_extract("form", '$.summary'), '') || ' ' ||
  coalesce(json_extract("form", '$.points'), '') || ' ' || coalesce(json_extract("form", '$.owner.bureau'), '') || ' ' ||
  coalesce(json_extract("form", '$.owner.department'), '') || ' ' || coalesce(json_extract("form", '$.owner.unit'), ''));
-- A trigram FTS5 index of "searchText". Its rowid is fiscalYear * 1000000 + seq: stable
-- (a table's implicit rowid may change on VACUUM) and mapped back through the
-- ("fiscalYear", "seq") unique index.
CREATE VIRTUAL TABLE "RequestFts" USING fts5("body", tokenize = 'trigram');
INSERT INTO "RequestFts" ("rowid", "body") SELECT "fiscalYear" * 1000000 + "seq", "searchText" FROM "Request";
CREATE TRIGGER "Request_fts_insert" AFTER INSERT ON "Request" BEGIN
  INSERT INTO "RequestFts" ("rowid", "body") VALUES (NEW."fiscalYear" * 1000000 + NEW."seq", NEW."searchText");
END;
CREATE TRIGGER "Request_fts_update" AFTER UPDATE OF "searchText" ON "Request" BEGIN
  DELETE FROM "RequestFts" WHERE "rowid" = OLD."fiscalYear" * 1000000 + OLD."seq";
  INSERT INTO "RequestFts" ("rowid", "body") VALUES (NEW."fiscalYear" * 1000000 + NEW."seq", NEW."searchText");
END;
CREATE TRIGGER "Request_fts_delete" AFTER DELETE ON "Request" BEGIN
  DELETE FROM "RequestFts" WHERE "rowid" = OLD."fiscalYear" * 1000000 + OLD."seq";
END;
