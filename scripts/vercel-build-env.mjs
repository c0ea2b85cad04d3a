// What `npm run vercel-build` needs before it touches anything: a PostgreSQL DATABASE_URL to migrate
// and an APP_SECRET for the functions. One line that says what is missing, or null.

/** @param {Record<string, string | undefined>} env */
export function vercelBuildProblem(env) {
  const url = env.DATABASE_URL?.trim();
  if (!url) return "vercel-build: DATABASE_URL is not set: add your Postgres provider's connection string (postgresql://…) in the project's Environment Variables";
  if (!/^postgres(ql)?:\/\//.test(url)) return "vercel-build: DATABASE_URL must be a postgresql:// URL (the embedded database cannot run on Vercel)";
  const secret = env.APP_SECRET?.trim();
  if (!secret) return "vercel-build: APP_SECRET is not set: add one of 32+ characters (e.g. `openssl rand -base64 48`) in the project's Environment Variables";
  if (secret.length < 32) return "vercel-build: APP_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`)";
  return null;
}
