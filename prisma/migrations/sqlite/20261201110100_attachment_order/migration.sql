-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mime" TEXT NOT NULL,
    "sha256" TEXT,
    "url" TEXT,
    "addedByPlatform" TEXT NOT NULL,
    "addedByUser" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL,
    "removedAt" DATETIME,
    "removedBy" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Attachment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "AttachmentBlob" ("sha256") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Attachment" ("addedAt", "addedByPlatform", "addedByUser", "id", "kind", "mime", "name", "removedAt", "removedBy", "requestId", "sha256", "size", "url") SELECT "addedAt", "addedByPlatform", "addedByUser", "id", "kind", "mime", "name", "removedAt", "removedBy", "requestId", "sha256", "size", "url" FROM "Attachment";
DROP TABLE "Attachment";
ALTER TABLE "new_Attachment" RENAME TO "Attachment";
CREATE INDEX "Attachment_requestId_position_idx" ON "Attachment"("requestId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
