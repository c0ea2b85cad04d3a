import { test as base, expect, type Page } from "@playwright/test";

/**
 * Every page must run under the app's own Content-Security-Policy without a violation and without
 * an uncaught exception: both are collected here and fail the test that caused them.
 */
export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) problems.push(`csp: ${message.text()}`);
      });
      await use(problems);
      expect(problems, "CSP violations or uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits for the toast a successful mutation shows: proof the server accepted the change. */
export async function expectToast(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByRole("region", { name: "Notifications" }).getByText(text).first()).toBeVisible();
}
