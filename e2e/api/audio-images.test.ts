// Audio and image uploads through Keygate: multipart bodies are spooled to a temp file (never held
// in memory), routed by their `model` field, forwarded byte for byte with the provider's key, and
// counted; speech audio streams back as it comes. Each is checked with the official openai SDK.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { toFile } from "openai";
import type { TranscriptionCreateParamsNonStreaming } from "openai/resources/audio/transcriptions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { KeyLimits } from "@/lib/policies/schemas";
import { imageEditUsage, speechBytes, speechUsage, TRANSCRIPT, transcriptionUsage, type ReceivedForm } from "../support/mock-media";
import { apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const MAX_UPLOAD = 24 * 1024 * 1024;

let stack: Stack;
let key: CreatedKey;
let spoolDir: string;

beforeAll(async () => {
  // The server's os.tmpdir() is this test's own folder, so its spool files can be watched.
  spoolDir = await mkdtemp(path.join(tmpdir(), "keygate-spool-"));
  stack = await startStack({ env: { TMPDIR: spoolDir, MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
  key = await stack.createKey("media");
});

afterAll(async () => {
  await stack?.close();
  if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const spoolFiles = async () => (await readdir(spoolDir)).filter((name) => name.startsWith("keygate-upload-"));

const lastLog = (keyId: string, endpoint: string) => stack.lastLog(keyId, endpoint);

function uploads(pathname: string) {
  return stack.upstream.received.filter((r) => r.url.endsWith(pathname));
}

function lastUpload(pathname: string) {
  const found = uploads(pathname).at(-1);
  if (!found) throw new Error(`nothing reached the upstream at ${pathname}`);
  return { ...found, form: found.body as ReceivedForm };
}

/** A raw multipart request over node:http, written in pieces; `abortAfter` bytes, then the socket is destroyed. */
function rawPost(
  pathname: string,
  headers: Record<string, string>,
  body: Buffer,
  abort?: { after: number; when: () => Promise<unknown> },
): Promise<{ status: number; text: string } | "aborted"> {
  return new Promise((resolve) => {
    const req = httpRequest(`${stack.server.url}${pathname}`, { method: "POST", headers });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", () => {
      if (!answered) resolve("aborted");
    });
    let offset = 0;
    const piece = 64 * 1024;
    const pump = () => {
      while (!answered && offset < body.byteLength) {
        if (abort && offset >= abort.after) {
          void abort.when().then(() => req.destroy());
          return;
        }
        const chunk = body.subarray(offset, offset + piece);
        offset += chunk.byteLength;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** A form encoded the way fetch encodes it: its content-type (with boundary) and its bytes. */
async function encodeForm(form: FormData) {
  const request = new Request("http://x/", { method: "POST", body: form });
  return { contentType: request.headers.get("content-type") ?? "", bytes: Buffer.from(await request.arrayBuffer()) };
}

describe("transcriptions", () => {
  test("a real file, file part first and model after: it arrives byte-exact with the provider's key; token usage counted", async () => {
    const audio = randomBytes(180_000);
    const openai = stack.client(key.key);
    const result = await openai.audio.transcriptions.create({ file: await toFile(audio, "speech.wav", { type: "audio/wav" }), model: "gpt-4o-transcribe" });
    expect(result.text).toBe(TRANSCRIPT);
    const upstream = lastUpload("/audio/transcriptions");
    expect(upstream.form.parts).toEqual(["file", "model"]);
    expect(upstream.form.files).toEqual([{ field: "file", filename: "speech.wav", mimeType: "audio/wav", size: audio.byteLength, sha256: sha(audio) }]);
    expect(upstream.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);
    expect(upstream.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const usage = transcriptionUsage(audio.byteLength);
    const log = await lastLog(key.id, "audio/transcriptions");
    expect(log).toMatchObject({ status: 200, model: "gpt-4o-transcribe", stream: false, promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens });
    expect(await spoolFiles()).toEqual([]);
  });

  test("whisper-1 reports a duration, not tokens: the request is logged with no tokens", async () => {
    const other = await stack.createKey("whisper");
    const result = await stack.client(other.key).audio.transcriptions.create({ file: await toFile(randomBytes(32_000), "a.mp3"), model: "whisper-1" });
    expect(result.text).toBe(TRANSCRIPT);
    const log = await lastLog(other.id, "audio/transcriptions");
    expect(log).toMatchObject({ status: 200, model: "whisper-1", totalTokens: null });
    expect(log?.providerName).toBeTruthy();
  });

  test("response_format text: the plain transcript passes through", async () => {
    const text = await stack.client(key.key).audio.transcriptions.create({ file: await toFile(randomBytes(5000), "a.mp3"), model: "whisper-1", response_format: "text" });
    expect(text).toBe(`${TRANSCRIPT}\n`);
  });

  test("stream: true: transcript events arrive one by one, the usage on the last is counted", async () => {
    const counted = await stack.createKey("streamed transcription");
    const audio = randomBytes(50_000);
    const prompt = "names are spelled Keygate";
    const events = await stack.client(counted.key).audio.transcriptions.create({ file: await toFile(audio, "a.wav"), model: "gpt-4o-mini-transcribe", prompt, stream: true });
    const types: string[] = [];
    let text = "";
    for await (const event of events) {
      types.push(event.type);
      if (event.type === "transcript.text.delta") text += event.delta;
    }
    expect(types.filter((t) => t === "transcript.text.delta").length).toBe(6);
    expect(types.at(-1)).toBe("transcript.text.done");
    expect(text).toBe(TRANSCRIPT);
    const usage = transcriptionUsage(audio.byteLength, prompt);
    const log = await lastLog(counted.id, "audio/transcriptions");
    expect(log).toMatchObject({ status: 200, stream: true, promptTokens: usage.input_tokens, totalTokens: usage.total_tokens });
  });

  test("a multi-MB upload goes through the spool file, arrives byte-exact, and the spool is removed afterwards", async () => {
    const audio = randomBytes(20 * 1024 * 1024);
    // The mock holds its answer back, so the spool can be seen while the request is in flight.
    const params = { file: await toFile(audio, "long.wav"), model: "gpt-4o-transcribe", delay_ms: "700" } as TranscriptionCreateParamsNonStreaming;
    const pending = stack.client(key.key).audio.transcriptions.create(params);
    let seen: number | null = null;
    let before: number | null = null;
    // Past the file's bytes the form's last fields are still arriving: wait until the size holds still.
    await expect
      .poll(async () => {
        const [name] = await spoolFiles();
        before = seen;
        seen = name ? (await stat(path.join(spoolDir, name)).catch(() => null))?.size ?? null : null;
        return seen !== null && seen > audio.byteLength && seen === before;
      }, { timeout: 15_000, interval: 50 })
      .toBe(true);
    expect((await pending).text).toBe(TRANSCRIPT);
    const upstream = lastUpload("/audio/transcriptions");
    expect(upstream.form.files[0]).toMatchObject({ size: audio.byteLength, sha256: sha(audio) });
    // The spool held the whole body as the client sent it, which is what went upstream.
    expect(Number(upstream.headers["content-length"])).toBe(seen);
    await expect.poll(spoolFiles).toEqual([]);
  });

  test("an upload over MAX_UPLOAD_BYTES: 413 in OpenAI's shape, nothing forwarded, no spool left", async () => {
    const before = uploads("/audio/transcriptions").length;
    const form = new FormData();
    form.append("file", new Blob([randomBytes(MAX_UPLOAD + 1024)]), "big.wav");
    form.append("model", "whisper-1");
    const { contentType, bytes } = await encodeForm(form);
    // Sent chunked, so the limit is found while reading, not from the declared length.
    const answer = await rawPost("/v1/audio/transcriptions", { authorization: `Bearer ${key.key}`, "content-type": contentType, "transfer-encoding": "chunked" }, bytes);
    expect(answer).not.toBe("aborted");
    if (answer === "aborted") return;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error).toMatchObject({ code: "body_too_large", type: "invalid_request_error" });
    expect(uploads("/audio/transcriptions").length).toBe(before);
    await expect.poll(spoolFiles).toEqual([]);
  });

  test("the body is spooled as it arrives (not buffered first); a client that leaves mid-upload leaves no spool file, and nothing goes upstream", async () => {
    const before = uploads("/audio/transcriptions").length;
    const form = new FormData();
    form.append("file", new Blob([randomBytes(4 * 1024 * 1024)]), "cut.wav");
    form.append("model", "whisper-1");
    const { contentType, bytes } = await encodeForm(form);
    // The client has sent 1 MiB of 4 MiB: the server is already writing it to the spool (nothing in
    // front of the route holds the body back), and the client leaves.
    let partial = 0;
    const spooling = () =>
      expect
        .poll(async () => {
          const [name] = await spoolFiles();
          partial = name ? ((await stat(path.join(spoolDir, name)).catch(() => null))?.size ?? 0) : 0;
          return partial > 0;
        })
        .toBe(true);
    const answer = await rawPost("/v1/audio/transcriptions", { authorization: `Bearer ${key.key}`, "content-type": contentType, "content-length": String(bytes.byteLength) }, bytes, { after: 1024 * 1024, when: spooling });
    expect(answer).toBe("aborted");
    expect(partial).toBeLessThan(bytes.byteLength);
    await expect.poll(spoolFiles).toEqual([]);
    expect(uploads("/audio/transcriptions").length).toBe(before);
  });

  test("no model, or not multipart: 400 with a clear error", async () => {
    const noModel = await apiError(stack.client(key.key).audio.transcriptions.create({ file: await toFile(randomBytes(100), "a.wav") } as TranscriptionCreateParamsNonStreaming));
    expect(noModel.status).toBe(400);
    expect(noModel.code).toBe("missing_model");
    expect(noModel.param).toBe("model");
    const json = await fetch(`${stack.server.url}/v1/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "whisper-1" }),
    });
    expect(json.status).toBe(400);
    const body = (await json.json()) as { error: { code: string; message: string; type: string } };
    expect(body.error).toMatchObject({ code: "invalid_body", type: "invalid_request_error" });
    expect(body.error.message).toContain("multipart/form-data");
    expect(await spoolFiles()).toEqual([]);
  });
});

test("a 150 MB upload leaves the server's peak memory far below its size (Linux /proc)", async () => {
  const big = await startStack({ env: { TMPDIR: spoolDir, MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) } });
  try {
    const peakKb = async () => Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${big.server.pid()}/status`, "utf8"))?.[1]);
    const openai = big.client((await big.createKey("memory")).key);
    await openai.audio.transcriptions.create({ file: await toFile(randomBytes(1000), "warm.wav"), model: "whisper-1" });
    const before = await peakKb();
    const audio = randomBytes(150 * 1024 * 1024);
    await openai.audio.transcriptions.create({ file: await toFile(audio, "long.wav"), model: "whisper-1" });
    const grown = (await peakKb()) - before;
    // Held whole it would be at least 150 MB (a Buffer.concat, twice); spooled it is the chunks in flight.
    expect(grown).toBeLessThan(50 * 1024);
    expect(big.upstream.received.at(-1)?.body).toMatchObject({ files: [{ size: audio.byteLength, sha256: sha(audio) }] });
  } finally {
    await big.close();
  }
  await expect.poll(spoolFiles).toEqual([]);
}, 120_000);

describe("translations", () => {
  test("through the SDK, forwarded to the provider", async () => {
    const audio = randomBytes(40_000);
    const result = await stack.client(key.key).audio.translations.create({ file: await toFile(audio, "de.mp3"), model: "whisper-1" });
    expect(result.text).toBe(TRANSCRIPT);
    expect(lastUpload("/audio/translations").form.files[0]).toMatchObject({ size: audio.byteLength, sha256: sha(audio) });
    expect(await lastLog(key.id, "audio/translations")).toMatchObject({ status: 200, model: "whisper-1" });
  });
});

describe("speech", () => {
  test("the audio streams back byte for byte; the request is logged with its model and provider", async () => {
    const other = await stack.createKey("speech");
    const input = "The quick brown fox jumped over the lazy dog.";
    const response = await stack.client(other.key).audio.speech.create({ model: "gpt-4o-mini-tts", voice: "alloy", input, response_format: "mp3" });
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(speechBytes(input).byteLength);
    expect(sha(bytes)).toBe(sha(speechBytes(input)));
    const upstream = stack.upstream.received.filter((r) => r.url.endsWith("/audio/speech")).at(-1);
    expect(upstream?.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);
    const log = await lastLog(other.id, "audio/speech");
    expect(log).toMatchObject({ status: 200, model: "gpt-4o-mini-tts", errorCode: null });
    expect(log?.providerName).toBeTruthy();
  });
});

describe("speech as SSE", () => {
  test("stream_format sse: audio deltas pass event by event, the usage on speech.audio.done is counted", async () => {
    const other = await stack.createKey("speech sse");
    const input = "Streamed speech comes in pieces";
    const response = await stack.client(other.key).audio.speech.create({ model: "gpt-4o-mini-tts", voice: "alloy", input, stream_format: "sse" });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = (await response.text())
      .split("\n\n")
      .filter((e) => e.startsWith("data: "))
      .map((e) => JSON.parse(e.slice(6)) as { type: string; audio?: string });
    expect(events.map((e) => e.type)).toEqual([...Array(6).fill("speech.audio.delta"), "speech.audio.done"]);
    expect(sha(Buffer.concat(events.flatMap((e) => (e.audio ? [Buffer.from(e.audio, "base64")] : []))))).toBe(sha(speechBytes(input)));
    const usage = speechUsage(input);
    expect(await lastLog(other.id, "audio/speech")).toMatchObject({ status: 200, stream: true, promptTokens: usage.input_tokens, totalTokens: usage.total_tokens });
  });
});

describe("image edits", () => {
  test("an image file and a prompt: the edit comes back, its token usage is counted", async () => {
    const counted = await stack.createKey("edits");
    const image = randomBytes(64_000);
    const prompt = "add a red hat";
    const result = await stack.client(counted.key).images.edit({ image: await toFile(image, "cat.png", { type: "image/png" }), prompt, model: "gpt-image-1", n: 2 });
    expect(result.data).toHaveLength(2);
    const upstream = lastUpload("/images/edits");
    expect(upstream.form.files).toEqual([{ field: "image", filename: "cat.png", mimeType: "image/png", size: image.byteLength, sha256: sha(image) }]);
    expect(upstream.form.fields).toMatchObject({ prompt, model: "gpt-image-1", n: "2" });
    const usage = imageEditUsage(prompt, 1, 2);
    expect(await lastLog(counted.id, "images/edits")).toMatchObject({ status: 200, model: "gpt-image-1", promptTokens: usage.input_tokens, completionTokens: 2, totalTokens: usage.total_tokens });
  });

  test("variations: routed as dall-e-2 when no model is given", async () => {
    const result = await stack.client(key.key).images.createVariation({ image: await toFile(randomBytes(2000), "a.png", { type: "image/png" }) });
    expect(result.data).toHaveLength(1);
    expect(await lastLog(key.id, "images/variations")).toMatchObject({ status: 200, model: "dall-e-2" });
  });
});

describe("keys and policies", () => {
  test("a disabled key: 401 api_key_disabled in OpenAI's shape", async () => {
    const disabled = await stack.createKey("to disable");
    expect((await stack.admin(`/api/keys/${disabled.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    const error = await apiError(stack.client(disabled.key).audio.transcriptions.create({ file: await toFile(randomBytes(100), "a.wav"), model: "whisper-1" }));
    expect(error.status).toBe(401);
    expect(error.code).toBe("api_key_disabled");
    expect(error.type).toBe("authentication_error");
  });

  test("a model outside the key's allowedModels: 403 before anything is forwarded", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "whisper only", allowedModels: ["whisper-1"] } });
    const before = uploads("/audio/transcriptions").length;
    const error = await apiError(stack.client(limited.body.key).audio.transcriptions.create({ file: await toFile(randomBytes(300_000), "a.wav"), model: "gpt-4o-transcribe" }));
    expect(error.status).toBe(403);
    expect(error.code).toBe("model_not_allowed");
    expect(error.message).toContain("gpt-4o-transcribe");
    expect(uploads("/audio/transcriptions").length).toBe(before);
    expect(await spoolFiles()).toEqual([]);
    // The allowed model goes through.
    await stack.client(limited.body.key).audio.transcriptions.create({ file: await toFile(randomBytes(100), "a.wav"), model: "whisper-1" });
  });

  test("a request rate limit applies to uploads: the second in a minute gets 429 in OpenAI's shape", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "one a minute", rpmLimit: 1 } });
    const openai = stack.client(limited.body.key);
    await openai.audio.transcriptions.create({ file: await toFile(randomBytes(100), "a.wav"), model: "whisper-1" });
    const before = uploads("/audio/transcriptions").length;
    const error = await apiError(openai.audio.transcriptions.create({ file: await toFile(randomBytes(100), "a.wav"), model: "whisper-1" }));
    expect(error.status).toBe(429);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.headers?.get("retry-after")).toBeTruthy();
    expect(uploads("/audio/transcriptions").length).toBe(before);
  });

  test("a token budget is settled by the reported usage, nothing left reserved", async () => {
    const budgeted = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "audio budget", tokenBudget: 100_000 } });
    const audio = randomBytes(90_000);
    await stack.client(budgeted.body.key).audio.transcriptions.create({ file: await toFile(audio, "a.wav"), model: "gpt-4o-transcribe" });
    const spent = transcriptionUsage(audio.byteLength).total_tokens;
    await expect.poll(async () => (await stack.admin<KeyLimits>(`/api/keys/${budgeted.body.id}/limits`)).body.budget?.tokens).toMatchObject({ spent, reserved: 0 });
  });

  test("a spent budget refuses an upload (audio reserves at least a token)", async () => {
    const tiny = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "tiny budget", tokenBudget: 10 } });
    const openai = stack.client(tiny.body.key);
    // The first request's usage (over 10 tokens) spends the budget.
    await openai.audio.transcriptions.create({ file: await toFile(randomBytes(20_000), "a.wav"), model: "gpt-4o-transcribe" });
    await expect.poll(async () => (await stack.admin<KeyLimits>(`/api/keys/${tiny.body.id}/limits`)).body.budget?.tokens?.spent ?? 0).toBeGreaterThan(10);
    const error = await apiError(openai.audio.transcriptions.create({ file: await toFile(randomBytes(100), "a.wav"), model: "gpt-4o-transcribe" }));
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
  });
});

test("without a key: 401 in OpenAI's shape on every new endpoint", async () => {
  for (const pathname of ["/v1/audio/transcriptions", "/v1/audio/translations", "/v1/audio/speech", "/v1/images/edits", "/v1/images/variations"]) {
    const response = await fetch(`${stack.server.url}${pathname}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("missing_api_key");
  }
});
