import { describe, expect, test } from "vitest";
import { csvField, csvLine } from "@/lib/http/csv";

describe("CSV", () => {
  test("quotes fields with commas, quotes and newlines", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  });

  test("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe("-3");
  });

  test("writes empty fields for null and ISO dates for Date, one CRLF line per row", () => {
    expect(csvLine([null, undefined, new Date("2026-11-01T00:00:00Z"), true])).toBe(",,2026-11-01T00:00:00.000Z,true\r\n");
  });
});
