import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import Busboy from "@fastify/busboy";
import { ApiError } from "@/lib/http/errors";

// A multipart upload (audio to transcribe, an image to edit) is spooled to a temp file while a
// streaming parser reads its small fields: the `model` that routes it may come after a 25 MB file
// part, and nothing of the file is kept in memory. The spooled body is then sent upstream byte for
// byte, under the client's own content-type (its boundary) and with a content-length.

/** A file part as the parser saw it (its bytes are only in the spool). */
export interface UploadedFile {
  field: string;
  filename: string | null;
  mimeType: string;
  size: number;
}

export interface SpooledUpload {
  /** The temp file holding the whole request body, exactly as received. */
  path: string;
  size: number;
  /** The client's content-type, boundary included. */
  contentType: string;
  /** Non-file fields by name (the first value of each; values past FIELD_MAX are cut in this copy only). */
  fields: Map<string, string>;
  files: UploadedFile[];
  /** A fresh read of the spooled body (each provider tried gets its own). */
  open(): ReadStream;
  /** Removes the temp file; safe to call more than once. */
  dispose(): Promise<void>;
}

/** Longest field value kept for the proxy's own use (a prompt); the upstream still gets it whole. */
const FIELD_MAX = 64 * 1024;
const SPOOL_PREFIX = "keygate-upload-";

export const isSpoolFile = (name: string) => name.startsWith(SPOOL_PREFIX);

/** The multipart boundary of a content-type, or null when it is not multipart/form-data with one. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 70 ? boundary : null;
}

function tooLarge(limit: number): ApiError {
  return new ApiError("body_too_large", `Upload is larger than the limit of ${limit} bytes (MAX_UPLOAD_BYTES)`);
}

/** Writes a chunk, waiting while the stream's buffer is full; rejects when the stream fails. */
function write(stream: Writable, chunk: Uint8Array): Promise<void> {
  if (stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off("drain", done);
      stream.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    stream.on("drain", done);
    stream.on("error", done);
  });
}

function closeFile(file: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export interface SpoolOptions {
  /** Largest accepted body, in bytes. */
  limit: number;
  /** Where the spool goes; os.tmpdir() unless given. */
  dir?: string;
}

/**
 * Reads a multipart/form-data request body into a temp file, parsing it on the way. Throws an
 * ApiError for a body that is not multipart, is malformed, or passes `limit`; on any failure
 * (the client leaving included) the temp file is removed before the error is thrown.
 */
export async function spoolUpload(headers: Headers, body: ReadableStream<Uint8Array> | null, options: SpoolOptions): Promise<SpooledUpload> {
  const contentType = headers.get("content-type");
  if (!multipartBoundary(contentType) || !contentType) {
    throw new ApiError("invalid_body", "This endpoint takes a multipart/form-data body (with a boundary) holding the file and a `model` field");
  }
  const declared = Number(headers.get("content-length"));
  if (declared > options.limit) throw tooLarge(options.limit);

  const spoolPath = path.join(options.dir ?? tmpdir(), `${SPOOL_PREFIX}${randomUUID()}`);
  const file = createWriteStream(spoolPath, { flags: "wx", mode: 0o600 });
  let fileError: Error | null = null;
  file.on("error", (error) => (fileError ??= error));
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  let parseError: Error | null = null;
  const parser = Busboy({
    headers: { "content-type": contentType },
    limits: { fieldSize: FIELD_MAX, fieldNameSize: 200, headerPairs: 100 },
  });
  parser.on("field", (name: string, value: string) => {
    if (!fields.has(name)) fields.set(name, value);
  });
  parser.on("file", (field: string, stream: NodeJS.ReadableStream & { bytesRead?: number }, filename: string | undefined, _encoding: string, mimeType: string) => {
    const entry: UploadedFile = { field, filename: filename ?? null, mimeType, size: 0 };
    files.push(entry);
    stream.on("data", (chunk: Buffer) => (entry.size += chunk.byteLength));
    // A part cut short also fails the parser, which is where the error is handled.
    stream.on("error", () => undefined);
    stream.resume();
  });
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on("finish", resolve);
    parser.on("error", (error: Error) => {
      parseError ??= error;
      reject(error);
    });
  });
  parsed.catch(() => undefined);

  const dispose = () => unlink(spoolPath).catch(() => undefined);
  let size = 0;
  const reader = body?.getReader();
  try {
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > options.limit) throw tooLarge(options.limit);
        await write(file, value);
        if (fileError) throw fileError;
        if (!parseError) await write(parser, value).catch(() => undefined);
        if (parseError) break;
      }
    }
    if (!parseError) parser.end();
    await parsed.catch((error: Error) => {
      throw new ApiError("invalid_body", `The multipart/form-data body is malformed: ${error.message}`);
    });
    await closeFile(file);
  } catch (error) {
    await reader?.cancel().catch(() => undefined);
    file.destroy();
    parser.destroy();
    await dispose();
    throw error;
  }

  return {
    path: spoolPath,
    size,
    contentType,
    fields,
    files,
    open: () => createReadStream(spoolPath),
    dispose,
  };
}
