-- CreateTable
CREATE TABLE "Attachment" (
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
    CONSTRAINT "Attachment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "AttachmentBlob" ("sha256") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttachmentBlob" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "size" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Attachment_requestId_addedAt_idx" ON "Attachment"("requestId", "addedAt");
