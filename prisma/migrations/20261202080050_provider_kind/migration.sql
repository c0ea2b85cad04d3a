-- AlterTable
ALTER TABLE "Provider" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'openai';
