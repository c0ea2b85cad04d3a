-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "allowedIps" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "allowedModels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "budgetPeriod" TEXT NOT NULL DEFAULT 'total',
ADD COLUMN     "costBudgetUsd" DOUBLE PRECISION,
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "maxConcurrent" INTEGER,
ADD COLUMN     "rpmLimit" INTEGER,
ADD COLUMN     "tokenBudget" DOUBLE PRECISION,
ADD COLUMN     "tpmLimit" INTEGER;

-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "costUsd" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "UsageRollup" ADD COLUMN     "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "KeySpend" (
    "apiKeyId" TEXT NOT NULL,
    "period" VARCHAR(5) NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "costNanoUsd" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "KeySpend_pkey" PRIMARY KEY ("apiKeyId","period","periodStart")
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "inputUsdPerMTok" DOUBLE PRECISION NOT NULL,
    "outputUsdPerMTok" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyLease" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "slot" BOOLEAN NOT NULL DEFAULT false,
    "settled" BOOLEAN NOT NULL DEFAULT false,
    "period" VARCHAR(5),
    "periodStart" TIMESTAMP(3),
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "costNanoUsd" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyLease_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyInstance" (
    "id" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyWindow" (
    "apiKeyId" TEXT NOT NULL,
    "metric" CHAR(1) NOT NULL,
    "second" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "PolicyWindow_pkey" PRIMARY KEY ("apiKeyId","metric","second")
);

-- CreateIndex
CREATE UNIQUE INDEX "ModelPrice_pattern_key" ON "ModelPrice"("pattern");

-- CreateIndex
CREATE INDEX "PolicyLease_apiKeyId_idx" ON "PolicyLease"("apiKeyId");

-- CreateIndex
CREATE INDEX "PolicyLease_instanceId_idx" ON "PolicyLease"("instanceId");

-- CreateIndex
CREATE INDEX "ApiKey_expiresAt_idx" ON "ApiKey"("expiresAt");
