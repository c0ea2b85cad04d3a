import { z } from "zod";

/**
 * A request that is well formed but cannot be sent on (nothing left to send, a tool result that
 * answers no call): thrown as a ZodError like a schema failure, so the caller turns both into one
 * invalid_request_error naming the field by its path.
 */
export function invalidRequest(path: (string | number)[], message: string): never {
  throw new z.ZodError([{ code: "custom", path, message, input: undefined }]);
}
