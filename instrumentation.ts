export async function register() {
  // Only the Node.js server runtime talks to the database.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootstrap } = await import("@/lib/bootstrap");
    await bootstrap();
  }
}
