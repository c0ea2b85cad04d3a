import { defineConfig } from "prisma/config";

// Prisma 7 reads the datasource URL from here for its CLI only; the app connects through
// driver adapters (lib/db.ts) and applies migrations with scripts/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/keygate" },
});
