-- CreateTable
CREATE TABLE "ResponseRoute" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "providerId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResponseRoute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResponseRoute_createdAt_idx" ON "ResponseRoute"("createdAt");
