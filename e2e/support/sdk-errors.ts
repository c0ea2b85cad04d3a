import Anthropic from "@anthropic-ai/sdk";
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

/** The error @anthropic-ai/sdk throws for `promise`, or a failure when it resolves. */
export async function anthropicError(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Anthropic.APIError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}
