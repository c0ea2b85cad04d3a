// npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded database in
// DATA_DIR (stop the server first: PGlite allows one process). The server also migrates at start.
import { closeDb, migrationsApplied } from "@/lib/db";

migrationsApplied()
  .then(async (applied) => {
    await closeDb();
    if (applied.length === 0) console.log("Database is up to date: no migration to apply");
    else console.log(`Applied ${applied.length} migration${applied.length === 1 ? "" : "s"}: ${applied.join(", ")}. Database is up to date`);
  })
  .catch(async (error: Error) => {
    console.error(`db:migrate: ${error.message}`);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
