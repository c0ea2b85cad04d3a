-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "owner" TEXT,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
