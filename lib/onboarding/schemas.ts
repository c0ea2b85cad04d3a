import { z } from "zod";

/** GET /api/onboarding: what the API Keys page's first-run checklist ticks. */
export const onboardingSchema = z.object({
  /** Enabled providers. */
  providers: z.number().int(),
  keys: z.number().int(),
  /** The newest key, for the call snippet (its id, so the page can reveal it on request). */
  newestKey: z.object({ id: z.string(), name: z.string(), display: z.string() }).nullable(),
  /** A model the first enabled provider names, for the call snippet; null when it serves all models. */
  suggestedModel: z.string().nullable(),
  /** A proxied call has been answered successfully. */
  firstCall: z.boolean(),
});
export type Onboarding = z.infer<typeof onboardingSchema>;
