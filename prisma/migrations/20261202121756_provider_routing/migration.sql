-- AlterTable
ALTER TABLE "Provider" ADD COLUMN     "modelAliases" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "weight" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1;
