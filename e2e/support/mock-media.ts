// The mock upstream's audio and image-edit endpoints. Multipart uploads are parsed as they stream
// in (with the parser the proxy uses), and each file is recorded by size and sha256, so tests can
// check that an upload arrived byte for byte without the mock holding it in memory.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import Busboy from "@fastify/busboy";

export interface ReceivedFile {
  field: string;
  filename: string | null;
  mimeType: string;
  size: number;
  sha256: string;
}

/** What the mock records as the body of a multipart request. */
export interface ReceivedForm {
  /** Every part's name, in the order they arrived. */
  parts: string[];
  fields: Record<string, string>;
  files: ReceivedFile[];
}

export const TRANSCRIPT_WORDS = ["Hello", " from", " the", " mock", " upstream", "."];
export const TRANSCRIPT = TRANSCRIPT_WORDS.join("");
export const SPEECH_BYTES = 300_000;

const words = (text: string | undefined) => (text ?? "").split(/\s+/).filter(Boolean).length;

/** gpt-4o-transcribe's usage: one audio token per started 1000 bytes of audio, one text token per prompt word. */
export function transcriptionUsage(audioBytes: number, prompt?: string) {
  const audio = Math.ceil(audioBytes / 1000);
  const text = words(prompt);
  const output = TRANSCRIPT_WORDS.length;
  return { type: "tokens", input_tokens: audio + text, input_token_details: { text_tokens: text, audio_tokens: audio }, output_tokens: output, total_tokens: audio + text + output };
}

/** The image-edit usage: prompt words plus one token per input image in, one per image out. */
export function imageEditUsage(prompt: string | undefined, images: number, n: number) {
  const input = words(prompt) + images;
  return { input_tokens: input, output_tokens: n, total_tokens: input + n };
}

/** The speech "audio" for a text: deterministic bytes, so a test can compare what came through. */
export function speechBytes(input: string, size = SPEECH_BYTES): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, i = 0; offset < size; i++) {
    offset += createHash("sha256").update(`${input}:${i}`).digest().copy(out, offset);
  }
  return out;
}

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export const isMultipart = (req: IncomingMessage) => /^multipart\/form-data/i.test(req.headers["content-type"] ?? "");

/** Parses a multipart request as it arrives; resolves with what it held once the body has ended. */
export function readForm(req: IncomingMessage): Promise<ReceivedForm> {
  return new Promise((resolve, reject) => {
    const form: ReceivedForm = { parts: [], fields: {}, files: [] };
    const parser = Busboy({ headers: { ...req.headers, "content-type": req.headers["content-type"] ?? "" } });
    parser.on("field", (name: string, value: string) => {
      form.parts.push(name);
      form.fields[name] ??= value;
    });
    parser.on("file", (field: string, stream: NodeJS.ReadableStream, filename: string | undefined, _encoding: string, mimeType: string) => {
      form.parts.push(field);
      const hash = createHash("sha256");
      const file: ReceivedFile = { field, filename: filename ?? null, mimeType, size: 0, sha256: "" };
      form.files.push(file);
      stream.on("data", (chunk: Buffer) => {
        file.size += chunk.byteLength;
        hash.update(chunk);
      });
      stream.on("end", () => (file.sha256 = hash.digest("hex")));
      stream.on("error", () => undefined);
    });
    parser.on("finish", () => resolve(form));
    parser.on("error", reject);
    req.pipe(parser);
  });
}

/** POST /audio/transcriptions, /audio/translations, /images/edits, /images/variations. */
export function answerForm(res: ServerResponse, path: string, form: ReceivedForm) {
  const model = form.fields.model ?? "";
  if (model === "mock-error") return json(res, 500, { error: { message: "The mock upstream failed", type: "server_error", param: null, code: "mock_failure" } });
  const audio = form.files.find((f) => f.field === "file");
  if (path.endsWith("/audio/transcriptions") || path.endsWith("/audio/translations")) {
    if (!audio) return json(res, 400, { error: { message: "Missing file", type: "invalid_request_error", param: "file", code: null } });
    const format = form.fields.response_format ?? "json";
    if (format === "text" || format === "srt" || format === "vtt") {
      const text = format === "text" ? `${TRANSCRIPT}\n` : format === "srt" ? `1\n00:00:00,000 --> 00:00:01,500\n${TRANSCRIPT}\n` : `WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n${TRANSCRIPT}\n`;
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      return res.end(text);
    }
    if (path.endsWith("/audio/translations")) return json(res, 200, { text: TRANSCRIPT });
    const usage = model === "whisper-1" ? { type: "duration", seconds: Math.ceil(audio.size / 16_000) } : transcriptionUsage(audio.size, form.fields.prompt);
    if (form.fields.stream === "true" && model !== "whisper-1") return transcriptStream(res, usage);
    return json(res, 200, { text: TRANSCRIPT, usage });
  }
  const images = form.files.filter((f) => f.field.startsWith("image"));
  const n = Number(form.fields.n ?? 1);
  const data = Array.from({ length: n }, () => ({ b64_json: Buffer.from("mock edited image").toString("base64") }));
  if (path.endsWith("/images/variations")) return json(res, 200, { created: 1700000000, data });
  return json(res, 200, { created: 1700000000, data, usage: imageEditUsage(form.fields.prompt, images.length, n) });
}

/** gpt-4o-transcribe's stream: a delta per word, then the whole text with its usage. */
function transcriptStream(res: ServerResponse, usage: object) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (i < TRANSCRIPT_WORDS.length) return void res.write(`data: ${JSON.stringify({ type: "transcript.text.delta", delta: TRANSCRIPT_WORDS[i++] })}\n\n`);
    clearInterval(timer);
    res.end(`data: ${JSON.stringify({ type: "transcript.text.done", text: TRANSCRIPT, usage })}\n\n`);
  }, 5);
}

const AUDIO_TYPES: Record<string, string> = { mp3: "audio/mpeg", opus: "audio/ogg", aac: "audio/aac", flac: "audio/flac", wav: "audio/wav", pcm: "audio/pcm" };

/** gpt-4o-mini-tts's usage on a streamed answer: a token per input word, one per piece of audio. */
export function speechUsage(input: string) {
  const input_tokens = words(input);
  return { input_tokens, output_tokens: 6, total_tokens: input_tokens + 6 };
}

/**
 * POST /audio/speech: the bytes of speechBytes(input), in six pieces a few milliseconds apart; with
 * `stream_format: "sse"`, as speech.audio.delta events (base64) and a speech.audio.done with usage.
 */
export function answerSpeech(res: ServerResponse, body: Record<string, unknown>) {
  const input = typeof body.input === "string" ? body.input : "";
  if (!input) return json(res, 400, { error: { message: "input is required", type: "invalid_request_error", param: "input", code: null } });
  const bytes = speechBytes(input);
  if (body.stream_format === "sse") return speechStream(res, bytes, speechUsage(input));
  res.writeHead(200, { "content-type": AUDIO_TYPES[String(body.response_format ?? "mp3")] ?? "audio/mpeg", "transfer-encoding": "chunked" });
  const pieces = 6;
  const size = Math.ceil(bytes.byteLength / pieces);
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(bytes.subarray(i * size, (i + 1) * size));
    if (++i === pieces) {
      clearInterval(timer);
      res.end();
    }
  }, 5);
}

function speechStream(res: ServerResponse, bytes: Buffer, usage: object) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const size = Math.ceil(bytes.byteLength / 6);
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (i < 6) return void res.write(`data: ${JSON.stringify({ type: "speech.audio.delta", audio: bytes.subarray(i++ * size, i * size).toString("base64") })}\n\n`);
    clearInterval(timer);
    res.end(`data: ${JSON.stringify({ type: "speech.audio.done", usage })}\n\n`);
  }, 5);
}
