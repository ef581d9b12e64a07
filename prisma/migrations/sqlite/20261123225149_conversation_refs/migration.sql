-- CreateTable
CREATE TABLE "ConversationRef" (
    "platform" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "conversationId")
);
