// Preloaded into a server under test (NODE_OPTIONS=--require …): keeps every live Timeout (setTimeout,
// setInterval) with the stack that created it, and on SIGUSR2 writes them to KEYGATE_TEST_TIMERS_FILE.
// process.getActiveResourcesInfo() alone would miss them: it skips unref()'d timers, and ours are.
const { createHook } = require("node:async_hooks");
const { writeFileSync } = require("node:fs");

const file = process.env.KEYGATE_TEST_TIMERS_FILE;
const live = new Map();
Error.stackTraceLimit = 40;

createHook({
  init(asyncId, type, _trigger, resource) {
    if (type !== "Timeout") return;
    live.set(asyncId, { resource, stack: new Error().stack.split("\n").slice(2).map((l) => l.trim()) });
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
}).enable();

process.on("SIGUSR2", () => {
  const timers = [];
  for (const { resource, stack } of live.values()) {
    // A timer that fired (not repeating) or was cleared is no longer pending, even before destroy runs.
    if (resource._destroyed || resource._idleTimeout < 0) continue;
    timers.push({ delayMs: resource._idleTimeout, repeat: resource._repeat !== null, refed: resource.hasRef(), stack });
  }
  writeFileSync(file, JSON.stringify({ at: Date.now(), timers, resources: process.getActiveResourcesInfo() }));
});
