import type { Page } from "@playwright/test";
import { SCREENSHOT_DIR } from "./config";

export const VIEWPORTS = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;

/** Full-page screenshots in light and dark, for a person to look at (not compared to a baseline). */
export async function screenshotBothSchemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Let transitions settle so the screenshot shows the resting state.
    await page.waitForTimeout(250);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}
