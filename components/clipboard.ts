/**
 * Copies text that may still be on its way (a key fetched on click). ClipboardItem with a promise
 * keeps the click's user activation across the fetch (Safari needs that); plain http on a LAN
 * address has no Clipboard API at all, so a hidden textarea and execCommand are the last resort.
 */
export async function copyText(text: string | Promise<string>): Promise<boolean> {
  const clipboard = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
  if (clipboard && typeof ClipboardItem !== "undefined" && typeof text !== "string") {
    try {
      const blob = Promise.resolve(text).then((value) => new Blob([value], { type: "text/plain" }));
      await clipboard.write([new ClipboardItem({ "text/plain": blob })]);
      return true;
    } catch {
      // A failed fetch is the caller's to report (awaiting rethrows it); a refused write falls through.
      await text;
    }
  }
  const value = await text;
  if (clipboard) {
    try {
      await clipboard.writeText(value);
      return true;
    } catch {
      // fall through to the legacy path
    }
  }
  return legacyCopy(value);
}

function legacyCopy(value: string): boolean {
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
