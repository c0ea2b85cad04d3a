import { describe, expect, test } from "vitest";
import { extractApiKey, redactUrl } from "@/lib/api-keys/extract";

const BEARER = "sk-bearerbearerbearerbearerbearer1";
const HEADER = "sk-headerheaderheaderheaderheader1";
const QUERY = "sk-queryqueryqueryqueryqueryquery1";

function extract(headers: Record<string, string>, query = "") {
  return extractApiKey(new Headers(headers), new URL(`http://localhost/v1/chat/completions${query}`));
}

describe("extractApiKey", () => {
  test("Authorization: Bearer wins over X-API-Key and ?api_key", () => {
    expect(extract({ authorization: `Bearer ${BEARER}`, "x-api-key": HEADER }, `?api_key=${QUERY}`)).toEqual({ key: BEARER, source: "authorization" });
  });

  test("X-API-Key wins over ?api_key", () => {
    expect(extract({ "x-api-key": HEADER }, `?api_key=${QUERY}`)).toEqual({ key: HEADER, source: "x-api-key" });
  });

  test("?api_key is used when there is no header", () => {
    expect(extract({}, `?foo=1&api_key=${QUERY}`)).toEqual({ key: QUERY, source: "query" });
  });

  test("the Bearer scheme is case-insensitive and surrounding spaces are ignored", () => {
    expect(extract({ authorization: `bearer   ${BEARER}  ` })?.key).toBe(BEARER);
    expect(extract({ authorization: `BEARER ${BEARER}` })?.key).toBe(BEARER);
    expect(extract({ "x-api-key": `  ${HEADER} ` })?.key).toBe(HEADER);
  });

  test.each([
    ["an empty Bearer", "Bearer"],
    ["another scheme", `Basic ${Buffer.from("user:pass").toString("base64")}`],
    ["a bare key", BEARER],
    ["two tokens", `Bearer ${BEARER} extra`],
  ])("an Authorization header with %s falls through to the next method", (_, authorization) => {
    expect(extract({ authorization, "x-api-key": HEADER })).toEqual({ key: HEADER, source: "x-api-key" });
    expect(extract({ authorization }, `?api_key=${QUERY}`)).toEqual({ key: QUERY, source: "query" });
  });

  test("empty values count as absent", () => {
    expect(extract({ "x-api-key": "   " }, `?api_key=${QUERY}`)?.source).toBe("query");
    expect(extract({}, "?api_key=")).toBeNull();
    expect(extract({})).toBeNull();
  });

  test("an encoded ?api_key is decoded", () => {
    expect(extract({}, "?api_key=sk-a%2Bb")?.key).toBe("sk-a+b");
  });
});

describe("redactUrl", () => {
  test("replaces the key and keeps every other parameter", () => {
    const redacted = redactUrl(new URL(`http://localhost/v1/models?limit=5&api_key=${QUERY}&order=desc`));
    expect(redacted).not.toContain(QUERY);
    expect(redacted.startsWith("/v1/models?")).toBe(true);
    const params = new URLSearchParams(redacted.split("?")[1]);
    expect(params.get("limit")).toBe("5");
    expect(params.get("order")).toBe("desc");
    expect(params.get("api_key")).toBe("[redacted]");
  });

  test("redacts every occurrence when the parameter is repeated", () => {
    const redacted = redactUrl(new URL(`http://localhost/v1/models?api_key=${QUERY}&api_key=${HEADER}`));
    expect(redacted).not.toContain(QUERY);
    expect(redacted).not.toContain(HEADER);
  });

  test("leaves a URL without a key as path and query, no origin", () => {
    expect(redactUrl(new URL("http://localhost:8080/v1/models?limit=5"))).toBe("/v1/models?limit=5");
    expect(redactUrl(new URL("http://localhost:8080/v1/models"))).toBe("/v1/models");
  });
});
