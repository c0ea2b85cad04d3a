import { APIError } from "openai";

/** The APIError the SDK throws for `promise`, or a failure when it resolves. */
export async function apiError(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}
