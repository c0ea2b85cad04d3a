import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { multipartBoundary, spoolUpload } from "@/lib/proxy/multipart";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "multipart-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A real multipart request as fetch encodes a FormData: its headers, its exact bytes, and a body stream of them. */
async function encoded(form: FormData) {
  const request = new Request("http://test/v1/audio/transcriptions", { method: "POST", body: form });
  const bytes = new Uint8Array(await request.clone().arrayBuffer());
  return { headers: request.headers, bytes, body: request.body };
}

/** A body that delivers `bytes` in `chunk`-sized pieces, then fails (a client that left) when `failAfter` is set. */
function chunked(bytes: Uint8Array, chunk: number, failAfter?: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (failAfter !== undefined && offset >= failAfter) return controller.error(new Error("aborted"));
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof ApiError ? error.code : `other: ${(error as Error).message}`;
  }
  return "resolved";
}

describe("spoolUpload", () => {
  test("a file part before the model: the model is read, the spool holds the body byte for byte", async () => {
    const audio = randomBytes(300_000);
    const form = new FormData();
    form.append("file", new Blob([audio], { type: "audio/wav" }), "speech.wav");
    form.append("model", "gpt-4o-transcribe");
    form.append("response_format", "json");
    const { headers, bytes } = await encoded(form);
    const upload = await spoolUpload(headers, chunked(bytes, 7_777), { limit: 10_000_000, dir });
    expect(upload.fields.get("model")).toBe("gpt-4o-transcribe");
    expect(upload.fields.get("response_format")).toBe("json");
    expect(upload.files).toEqual([{ field: "file", filename: "speech.wav", mimeType: "audio/wav", size: audio.byteLength }]);
    expect(upload.size).toBe(bytes.byteLength);
    expect(upload.contentType).toBe(headers.get("content-type"));
    expect(sha(await readFile(upload.path))).toBe(sha(bytes));
    const reread: Buffer[] = [];
    for await (const chunk of upload.open()) reread.push(chunk as Buffer);
    expect(sha(Buffer.concat(reread))).toBe(sha(bytes));
    await upload.dispose();
    await upload.dispose();
    expect(await readdir(dir)).toEqual([]);
  });

  test("not multipart, or multipart without a boundary: invalid_body, nothing spooled", async () => {
    const json = new Headers({ "content-type": "application/json" });
    expect(await code(spoolUpload(json, chunked(new Uint8Array(2), 2), { limit: 100, dir }))).toBe("invalid_body");
    const bare = new Headers({ "content-type": "multipart/form-data" });
    expect(await code(spoolUpload(bare, chunked(new Uint8Array(2), 2), { limit: 100, dir }))).toBe("invalid_body");
    expect(await readdir(dir)).toEqual([]);
  });

  test("a body over the limit is refused as it passes it (declared or not), and the spool is removed", async () => {
    const form = new FormData();
    form.append("model", "whisper-1");
    form.append("file", new Blob([randomBytes(50_000)]), "a.mp3");
    const { headers, bytes } = await encoded(form);
    expect(await code(spoolUpload(headers, chunked(bytes, 4096), { limit: 20_000, dir }))).toBe("body_too_large");
    const undeclared = new Headers({ "content-type": headers.get("content-type") ?? "" });
    expect(await code(spoolUpload(undeclared, chunked(bytes, 4096), { limit: 20_000, dir }))).toBe("body_too_large");
    expect(await readdir(dir)).toEqual([]);
  });

  test("a truncated or malformed body: invalid_body, spool removed", async () => {
    const form = new FormData();
    form.append("file", new Blob([randomBytes(10_000)]), "a.mp3");
    form.append("model", "whisper-1");
    const { headers, bytes } = await encoded(form);
    expect(await code(spoolUpload(headers, chunked(bytes.slice(0, 6_000), 1000), { limit: 1_000_000, dir }))).toBe("invalid_body");
    expect(await code(spoolUpload(headers, chunked(new TextEncoder().encode("not a form"), 100), { limit: 1_000_000, dir }))).toBe("invalid_body");
    expect(await readdir(dir)).toEqual([]);
  });

  test("a client that leaves mid-upload: the error passes on, the spool is removed", async () => {
    const form = new FormData();
    form.append("file", new Blob([randomBytes(100_000)]), "a.mp3");
    form.append("model", "whisper-1");
    const { headers, bytes } = await encoded(form);
    expect(await code(spoolUpload(headers, chunked(bytes, 8192, 40_000), { limit: 1_000_000, dir }))).toBe("other: aborted");
    expect(await readdir(dir)).toEqual([]);
  });

  test("several files and a model after them", async () => {
    const form = new FormData();
    form.append("image[]", new Blob([randomBytes(1000)], { type: "image/png" }), "a.png");
    form.append("image[]", new Blob([randomBytes(2000)], { type: "image/png" }), "b.png");
    form.append("prompt", "add a hat");
    form.append("model", "gpt-image-1");
    const { headers, bytes } = await encoded(form);
    const upload = await spoolUpload(headers, chunked(bytes, 333), { limit: 1_000_000, dir });
    expect(upload.files.map((f) => [f.field, f.size])).toEqual([["image[]", 1000], ["image[]", 2000]]);
    expect(upload.fields.get("prompt")).toBe("add a hat");
    expect(upload.fields.get("model")).toBe("gpt-image-1");
    await upload.dispose();
  });
});

describe("multipartBoundary", () => {
  test("reads plain and quoted boundaries of multipart/form-data only", () => {
    expect(multipartBoundary("multipart/form-data; boundary=----abc123")).toBe("----abc123");
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe("a b");
    expect(multipartBoundary("multipart/mixed; boundary=x")).toBeNull();
    expect(multipartBoundary("application/json")).toBeNull();
    expect(multipartBoundary(null)).toBeNull();
  });
});
