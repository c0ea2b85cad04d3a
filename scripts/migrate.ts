// npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded database in
// DATA_DIR (stop the server first: PGlite allows one process). The server also migrates at start,
// except in serverless mode (VERCEL=1, KEYGATE_RUNTIME=serverless), where this runs at deploy.
import { closeDb, migrateDatabase } from "@/lib/db";

migrateDatabase()
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
