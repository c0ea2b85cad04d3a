import { withAdmin } from "@/lib/auth";
import { json, readJson } from "@/lib/http/json";
import { createModelPrice, createModelPriceSchema, listModelPrices } from "@/lib/prices";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => json({ items: await listModelPrices() }));

export const POST = withAdmin(async (request) => json(await createModelPrice(createModelPriceSchema.parse(await readJson(request))), { status: 201 }));
