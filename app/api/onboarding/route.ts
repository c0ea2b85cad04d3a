import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getOnboarding } from "@/lib/onboarding";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => json(await getOnboarding()));
