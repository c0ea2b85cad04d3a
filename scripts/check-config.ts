// The configuration check the server runs at start (lib/env.ts), run on its own before `npm start`
// builds and before `npm run dev` starts, so a typo costs a second instead of a build.
import { ConfigError, getEnv, type Env } from "@/lib/env";

export function checkConfig(): Env | null {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[keygate] ${error.message}`);
      return null;
    }
    throw error;
  }
}
