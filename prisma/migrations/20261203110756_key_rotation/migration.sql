-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "previousDisplay" TEXT,
ADD COLUMN     "previousExpiresAt" TIMESTAMP(3),
ADD COLUMN     "previousHash" TEXT,
ADD COLUMN     "rotatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "secret" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_previousHash_key" ON "ApiKey"("previousHash");
