-- The request_search migration rebuilt "Request" on SQLite, which dropped this index
-- (made by home_indexes, written just before it): made again where it is missing.
CREATE INDEX IF NOT EXISTS "Request_createdByPlatform_createdByUser_createdAt_idx" ON "Request"("createdByPlatform", "createdByUser", "createdAt");
