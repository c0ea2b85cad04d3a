import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { createModelPrice, createModelPriceSchema, listModelPrices } from "@/lib/prices";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => json({ items: await listModelPrices() }));

export const POST = withAdmin(async (request) => json(await createModelPrice(createModelPriceSchema.parse(await readJsonBody(request))), { status: 201 }));
