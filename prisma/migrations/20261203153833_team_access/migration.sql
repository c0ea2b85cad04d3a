-- AlterTable
ALTER TABLE "User" ADD COLUMN     "inviteExpiresAt" TIMESTAMP(3),
ADD COLUMN     "inviteTokenHash" TEXT,
ADD COLUMN     "invitedBy" TEXT,
ADD COLUMN     "lastSignInAt" TIMESTAMP(3),
ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'viewer',
ALTER COLUMN "passwordHash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_inviteTokenHash_key" ON "User"("inviteTokenHash");

-- Every account from before roles was the one dashboard admin: it owns this Keygate.
UPDATE "User" SET "role" = 'owner';

-- Only the three roles exist (the API validates too; this keeps a hand-edited row honest).
ALTER TABLE "User" ADD CONSTRAINT "User_role_check" CHECK ("role" IN ('owner', 'admin', 'viewer'));
