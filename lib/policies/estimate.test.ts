import { countTokens } from "gpt-tokenizer";
import { describe, expect, test } from "vitest";
import { DEFAULT_MAX_OUTPUT_TOKENS, estimateRequest } from "@/lib/policies/estimate";

describe("estimateRequest", () => {
  test("chat: the messages' tokens plus per-message overhead, and max_tokens for the answer", () => {
    const text = "Summarise the following paragraph in one line, please.";
    const e = estimateRequest("chat/completions", { model: "x", messages: [{ role: "user", content: text }], max_tokens: 50 }, 16_000);
    expect(e).toEqual({ promptTokens: countTokens(text) + 4 + 3, maxOutputTokens: 50 });
  });

  test("max_completion_tokens wins over max_tokens; n multiplies the answer", () => {
    const e = estimateRequest("chat/completions", { messages: [], max_tokens: 10, max_completion_tokens: 20, n: 3 }, null);
    expect(e.maxOutputTokens).toBe(60);
  });

  test("without max_tokens the model's output limit is reserved, or a default when unknown", () => {
    expect(estimateRequest("chat/completions", { messages: [] }, 16_384).maxOutputTokens).toBe(16_384);
    expect(estimateRequest("chat/completions", { messages: [] }, null).maxOutputTokens).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
  });

  test("content parts: text counted, images at a fixed high-detail cost", () => {
    const e = estimateRequest(
      "chat/completions",
      { messages: [{ role: "user", content: [{ type: "text", text: "what is this" }, { type: "image_url", image_url: { url: "data:," } }] }], max_tokens: 1 },
      null,
    );
    expect(e.promptTokens).toBe(countTokens("what is this") + 1105 + 7);
  });

  test("embeddings: strings and token arrays, nothing for the answer", () => {
    expect(estimateRequest("embeddings", { input: ["hello world", "again"] }, null)).toEqual({
      promptTokens: countTokens("hello world") + countTokens("again"),
      maxOutputTokens: 0,
    });
    expect(estimateRequest("embeddings", { input: [1, 2, 3, 4] }, null).promptTokens).toBe(4);
  });

  test("tools count towards the prompt", () => {
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    const without = estimateRequest("chat/completions", { messages: [], max_tokens: 1 }, null).promptTokens;
    expect(estimateRequest("chat/completions", { messages: [], tools, max_tokens: 1 }, null).promptTokens).toBe(without + countTokens(JSON.stringify(tools)));
  });

  test("huge prompts are estimated conservatively without tokenizing", () => {
    const text = "a".repeat(300_000);
    expect(estimateRequest("completions", { prompt: text, max_tokens: 1 }, null).promptTokens).toBe(100_000);
  });

  test("audio: the prompt (or the text to speak) plus one token, so a spent budget still refuses", () => {
    expect(estimateRequest("audio/transcriptions", { prompt: "names: Keygate" }, null)).toEqual({ promptTokens: countTokens("names: Keygate"), maxOutputTokens: 1 });
    expect(estimateRequest("audio/translations", {}, 16_000)).toEqual({ promptTokens: 0, maxOutputTokens: 1 });
    expect(estimateRequest("audio/speech", { input: "Hello there" }, null)).toEqual({ promptTokens: countTokens("Hello there"), maxOutputTokens: 1 });
  });

  test("image edits: prompt and input images in, the answer's images out (n from the form's string)", () => {
    const e = estimateRequest("images/edits", { prompt: "add a hat", image_count: 2, n: "3" }, null);
    expect(e).toEqual({ promptTokens: countTokens("add a hat") + 2 * 1105, maxOutputTokens: 3 * DEFAULT_MAX_OUTPUT_TOKENS });
  });
});

describe("estimateRequest, Responses API", () => {
  test("a string input, instructions and max_output_tokens", () => {
    const e = estimateRequest("responses", { model: "m", input: "Say hello to the world", instructions: "Be brief.", max_output_tokens: 50 }, 9999);
    expect(e).toEqual({ promptTokens: 4 + countTokens("Say hello to the world") + 4 + countTokens("Be brief.") + 3, maxOutputTokens: 50 });
  });

  test("items: messages with text parts, images, function calls and their outputs; tools counted", () => {
    const call = { type: "function_call", call_id: "c1", name: "get_weather", arguments: '{"location":"Paris"}' };
    const output = { type: "function_call_output", call_id: "c1", output: "sunny" };
    const tools = [{ type: "function", name: "get_weather", parameters: { type: "object" } }];
    const body = {
      input: [
        { role: "user", content: [{ type: "input_text", text: "Weather in Paris?" }, { type: "input_image", image_url: "data:..." }] },
        call,
        output,
        { role: "assistant", content: "It is sunny." },
      ],
      tools,
    };
    const e = estimateRequest("responses", body, null);
    const expected =
      4 + countTokens("Weather in Paris?") + 1105 + 4 + countTokens(JSON.stringify(call)) + 4 + countTokens(JSON.stringify(output)) + 4 + countTokens("It is sunny.") + 3 + countTokens(JSON.stringify(tools));
    expect(e).toEqual({ promptTokens: expected, maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS });
  });

  test("without max_output_tokens the model's own limit is reserved; max_tokens of chat is not read", () => {
    expect(estimateRequest("responses", { input: "hi", max_tokens: 5 }, 777).maxOutputTokens).toBe(777);
  });
});
