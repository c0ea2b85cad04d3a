/**
 * Golden files for whole requests and responses, both ways: every `fixtures/<kind>-<name>.json`
 * is translated and the result compared with `fixtures/<kind>-<name>.expected.json`, where <kind>
 * says which translation reads it:
 *   anthropic-request  → anthropicToChat            chat-request  → chatToAnthropic
 *   anthropic-response → anthropicResponseToChat    chat-response → chatResponseToAnthropic
 * A request that must be refused has `{ "error": { path, message } }` as its expected file.
 * To rewrite the expected files after a deliberate change, run
 *   UPDATE_GOLDEN=1 npx vitest run --project unit lib/protocols
 * and read the diff before committing it.
 */
import { readdirSync } from "node:fs";
import { describe, it } from "vitest";
import { ZodError } from "zod";
import { chatToAnthropic } from "@/lib/protocols/anthropic/chat-to-request";
import { anthropicToChat } from "@/lib/protocols/anthropic/request-to-chat";
import { anthropicResponseToChat, chatResponseToAnthropic } from "@/lib/protocols/anthropic/response";
import { CREATED, expectGolden, fixture, FIXTURES, pretty, TEST_MODEL } from "@/lib/protocols/anthropic/test-support";
import type { AnthropicMessage } from "@/lib/protocols/anthropic/types";
import type { ChatCompletion } from "@/lib/protocols/openai/types";

const TRANSLATIONS: Record<string, (input: unknown) => unknown> = {
  "anthropic-request": anthropicToChat,
  "chat-request": chatToAnthropic,
  "anthropic-response": (input) => anthropicResponseToChat(input as AnthropicMessage, { created: CREATED }),
  "chat-response": (input) => chatResponseToAnthropic(input as ChatCompletion, TEST_MODEL),
};

function translate(kind: string, input: unknown): unknown {
  const translation = TRANSLATIONS[kind];
  if (!translation) throw new Error(`No translation for fixtures of kind ${kind}`);
  try {
    return translation(input);
  } catch (error) {
    // Only a clear refusal (a ZodError naming the field) is an answer; anything else fails the test.
    if (!(error instanceof ZodError)) throw error;
    const issue = error.issues[0];
    return { error: { path: issue?.path.join("."), message: issue?.message } };
  }
}

const kinds = Object.keys(TRANSLATIONS);
const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));

describe.each(kinds)("%s golden files", (kind) => {
  const mine = files.filter((f) => f.startsWith(`${kind}-`)).map((f) => f.slice(0, -".json".length));
  it("has fixtures", ({ expect }) => expect(mine.length).toBeGreaterThan(3));
  it.each(mine)("%s", (name) => {
    expectGolden(`${name}.expected.json`, pretty(translate(kind, JSON.parse(fixture(`${name}.json`)))));
  });
});
