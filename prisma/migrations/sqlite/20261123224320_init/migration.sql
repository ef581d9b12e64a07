-- CreateTable
CREATE TABLE "Request" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RequestTierDate" (
    "requestId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "date" TEXT NOT NULL,

    PRIMARY KEY ("requestId", "tierId"),
    CONSTRAINT "RequestTierDate_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RequestChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "actorPlatform" TEXT NOT NULL,
    "actorUser" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    CONSTRAINT "RequestChange_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseCounter" (
    "fiscalYear" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "last" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorPlatform" TEXT NOT NULL,
    "actorUser" TEXT NOT NULL,
    "conversationPlatform" TEXT NOT NULL,
    "conversationChannel" TEXT NOT NULL,
    "requestId" TEXT,
    "baseVersion" INTEGER,
    "data" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PostedMessage" (
    "requestId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "permalink" TEXT,

    PRIMARY KEY ("requestId", "platform", "channelId"),
    CONSTRAINT "PostedMessage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Delivery" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Request_caseNo_key" ON "Request"("caseNo");

-- CreateIndex
CREATE UNIQUE INDEX "Request_sourceDraftId_key" ON "Request"("sourceDraftId");

-- CreateIndex
CREATE INDEX "Request_createdAt_idx" ON "Request"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Request_fiscalYear_seq_key" ON "Request"("fiscalYear", "seq");

-- CreateIndex
CREATE INDEX "RequestTierDate_tierId_date_idx" ON "RequestTierDate"("tierId", "date");

-- CreateIndex
CREATE INDEX "RequestChange_requestId_at_idx" ON "RequestChange"("requestId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RequestChange_requestId_version_key" ON "RequestChange"("requestId", "version");

-- CreateIndex
CREATE INDEX "Draft_actorPlatform_actorUser_updatedAt_idx" ON "Draft"("actorPlatform", "actorUser", "updatedAt");

-- CreateIndex
CREATE INDEX "Delivery_createdAt_idx" ON "Delivery"("createdAt");
