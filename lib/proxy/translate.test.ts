import { describe, expect, test } from "vitest";
import { StreamBridge, translateRequest, translateWhole } from "@/lib/proxy/translate";
import { ApiError } from "@/lib/http/errors";

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function events(sse: string): { event: string; data: Record<string, unknown> }[] {
  return sse
    .split("\n\n")
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n");
      return { event: lines[0]!.replace("event: ", ""), data: JSON.parse(lines[1]!.replace("data: ", "")) };
    });
}

describe("StreamBridge", () => {
  test("chat chunks → one well-formed Anthropic message, however the text is cut", () => {
    const upstream =
      chunk({ role: "assistant", content: "" }) +
      chunk({ content: "Hel" }) +
      chunk({ content: "lo" }) +
      chunk({}, "stop") +
      `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n` +
      "data: [DONE]\n\n";
    for (const size of [1, 7, 64, upstream.length]) {
      const bridge = new StreamBridge("chat-to-anthropic", { model: "public", includeUsage: false });
      let out = "";
      for (let i = 0; i < upstream.length; i += size) out += bridge.push(upstream.slice(i, i + size));
      out += bridge.end();
      const list = events(out);
      expect(list.map((e) => e.event)).toEqual(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
      expect(list[0]!.data).toMatchObject({ message: { model: "public" } });
      expect(list[5]!.data).toMatchObject({ delta: { stop_reason: "end_turn" }, usage: { output_tokens: 2, input_tokens: 3 } });
      expect(bridge.end()).toBe("");
    }
  });

  test("an Anthropic stream → chat chunks ending in [DONE]; a failure midway ends with an error chunk instead", () => {
    const send = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const bridge = new StreamBridge("anthropic-to-chat", { model: "public", includeUsage: true });
    let out = bridge.push(send("message_start", { message: { id: "msg_1", model: "claude", usage: { input_tokens: 4, output_tokens: 1 } } }));
    out += bridge.push(send("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) + send("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hi" } }));
    const failedAt = out + bridge.fail("upstream_error", "The upstream provider failed in the middle of the response");
    expect(failedAt).toContain('"content":"Hi"');
    expect(failedAt.trim().split("\n\n").at(-1)).toContain('"error"');
    expect(bridge.end()).toBe("");
    expect(bridge.push(send("message_stop", {}))).toBe("");
  });
});

describe("translateRequest / translateWhole", () => {
  test("a request the other protocol cannot take is a 400 naming the field", () => {
    expect(() => translateRequest("chat-to-anthropic", { model: "m", max_tokens: 5, messages: [{ role: "robot", content: "x" }] }, "m", false)).toThrow(ApiError);
    try {
      translateRequest("chat-to-anthropic", { model: "m", max_tokens: 5, messages: [{ role: "robot", content: "x" }] }, "m", false);
    } catch (error) {
      expect((error as ApiError).param).toBe("messages.0.role");
    }
  });

  test("the provider's model id goes upstream; streams ask for usage", () => {
    const chat = translateRequest("chat-to-anthropic", { model: "public", max_tokens: 5, messages: [{ role: "user", content: "x" }], stream: true }, "private", true);
    expect(chat).toMatchObject({ model: "private", stream: true, stream_options: { include_usage: true } });
    const anthropic = translateRequest("anthropic-to-chat", { model: "public", messages: [{ role: "user", content: "x" }] }, "claude-x", false);
    expect(anthropic).toMatchObject({ model: "claude-x", messages: [{ role: "user" }] });
    expect(anthropic.stream).toBeUndefined();
  });

  test("an answer that is not JSON becomes an error in the client's shape", () => {
    const html = translateWhole("chat-to-anthropic", 200, Buffer.from("<html>"), "m");
    expect(html.status).toBe(502);
    expect(JSON.parse(Buffer.from(html.body).toString())).toMatchObject({ type: "error", error: { type: "api_error" } });
    const chat = JSON.parse(Buffer.from(translateWhole("anthropic-to-chat", 502, Buffer.from("oops"), "m").body).toString());
    expect(chat).toMatchObject({ error: { type: expect.any(String), message: expect.stringContaining("not JSON") } });
  });
});
