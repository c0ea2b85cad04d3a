-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "errorMessage" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;
