import type { Page } from "@playwright/test";
import { SCREENSHOT_DIR } from "./config";

export const VIEWPORTS = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;

/**
 * Screenshots in light and dark, for a person to look at (not compared to a baseline). Full page
 * by default; dialogs use the viewport, where the modal's backdrop is.
 */
export async function screenshotBothSchemes(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Let transitions settle so the screenshot shows the resting state.
    await page.waitForTimeout(250);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-${colorScheme}.png`, fullPage });
  }
  await page.emulateMedia({ colorScheme: "light" });
}
