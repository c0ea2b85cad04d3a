// npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded database in
// DATA_DIR (stop the server first: PGlite allows one process). The server also migrates at start.
import { closeDb, getDb } from "@/lib/db";

getDb()
  .then(() => closeDb())
  .then(() => console.log("Database is up to date"))
  .catch(async (error: Error) => {
    console.error(`db:migrate: ${error.message}`);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
