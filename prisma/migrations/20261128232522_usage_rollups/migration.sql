-- DropIndex
DROP INDEX "RequestLog_createdAt_idx";

-- DropIndex
DROP INDEX "RequestLog_apiKeyId_createdAt_idx";

-- CreateTable
CREATE TABLE "UsageRollup" (
    "granularity" CHAR(1) NOT NULL,
    "scope" VARCHAR(2) NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" BIGINT NOT NULL DEFAULT 0,
    "completionTokens" BIGINT NOT NULL DEFAULT 0,
    "totalTokens" BIGINT NOT NULL DEFAULT 0,
    "latencySumMs" BIGINT NOT NULL DEFAULT 0,
    "latencyHistogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("granularity","scope","bucket","apiKeyId","model")
) PARTITION BY LIST ("granularity");

-- Hand-written (Prisma has no syntax for it): one partition per granularity and scope, so a query
-- for, say, daily totals per key reads a small, dense table instead of rows scattered among all others.
CREATE TABLE "UsageRollup_h" PARTITION OF "UsageRollup" FOR VALUES IN ('h') PARTITION BY LIST ("scope");
CREATE TABLE "UsageRollup_d" PARTITION OF "UsageRollup" FOR VALUES IN ('d') PARTITION BY LIST ("scope");
CREATE TABLE "UsageRollup_h_km" PARTITION OF "UsageRollup_h" FOR VALUES IN ('km');
CREATE TABLE "UsageRollup_h_k" PARTITION OF "UsageRollup_h" FOR VALUES IN ('k');
CREATE TABLE "UsageRollup_h_m" PARTITION OF "UsageRollup_h" FOR VALUES IN ('m');
CREATE TABLE "UsageRollup_h_t" PARTITION OF "UsageRollup_h" FOR VALUES IN ('t');
CREATE TABLE "UsageRollup_d_km" PARTITION OF "UsageRollup_d" FOR VALUES IN ('km');
CREATE TABLE "UsageRollup_d_k" PARTITION OF "UsageRollup_d" FOR VALUES IN ('k');
CREATE TABLE "UsageRollup_d_m" PARTITION OF "UsageRollup_d" FOR VALUES IN ('m');
CREATE TABLE "UsageRollup_d_t" PARTITION OF "UsageRollup_d" FOR VALUES IN ('t');

-- CreateIndex
CREATE INDEX "UsageRollup_granularity_scope_apiKeyId_bucket_idx" ON "UsageRollup"("granularity", "scope", "apiKeyId", "bucket");

-- CreateIndex
CREATE INDEX "UsageRollup_granularity_scope_model_bucket_idx" ON "UsageRollup"("granularity", "scope", "model", "bucket");

-- CreateIndex
CREATE INDEX "RequestLog_createdAt_id_idx" ON "RequestLog"("createdAt", "id");

-- CreateIndex
CREATE INDEX "RequestLog_apiKeyId_createdAt_id_idx" ON "RequestLog"("apiKeyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "RequestLog_model_createdAt_id_idx" ON "RequestLog"("model", "createdAt", "id");
