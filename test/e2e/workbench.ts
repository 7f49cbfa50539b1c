// Playwright helpers for driving the VS Code workbench (code-server) the way a user does: the
// command palette, quick open, the active tab, notifications. Shared by the UI test files.
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command by its title from the command palette (F1). */
export async function runCommand(page: Page, title: string, tries = 15): Promise<void> {
  // The palette snapshots the command list when it opens; right after start-up the remote
  // extension's commands may not be registered yet, so close and reopen until the row shows.
  for (let i = 1; ; i++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>' + title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 3000 });
    } catch (e) {
      await page.keyboard.press('Escape');
      if (i >= tries) throw e;
      continue;
    }
    await page.keyboard.press('Enter');
    return;
  }
}

/** The aria-label of the active editor group's active tab. */
export async function activeTab(page: Page): Promise<string> {
  return (await page.locator('.editor-group-container.active .tabs-container .tab.active').first().getAttribute('aria-label')) ?? '';
}

/** Opens a file that existed when the window opened, with quick open (Ctrl+P). */
export async function quickOpen(page: Page, relPath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await sleep(400); // the list re-sorts while the file search settles
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.waitForFunction((name) => (document.querySelector('.editor-group-container.active .tabs-container .tab.active')?.getAttribute('aria-label') ?? '').includes(name), path.basename(relPath), { timeout: 15_000 });
  await sleep(300); // the editor takes the focus just after its tab shows
}

/** The page's frame (a webview's inner frame, say) holding `selector`, polled until `ms` have passed. */
export async function frameWith(page: Page, selector: string, ms = 30_000): Promise<Frame> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const f of page.frames()) if (await f.locator(selector).count().catch(() => 0)) return f;
    await sleep(200);
  }
  throw new Error(`no frame with ${selector}`);
}

/** "Ln 12, Col 3" from the status bar → 12 (the active editor's cursor line). */
export async function cursorLine(page: Page): Promise<number> {
  const loc = page.locator('.statusbar-item[id="status.editor.selection"]');
  await loc.waitFor();
  const m = /Ln (\d+)/.exec(await loc.innerText());
  return m ? Number(m[1]) : -1;
}

export async function waitForCursorLine(page: Page, expected: number, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  let last = -1;
  while (Date.now() < end) {
    last = await cursorLine(page);
    if (last === expected) return;
    await sleep(150);
  }
  throw new Error(`cursor on line ${last}, expected ${expected}`);
}

/** A notification (toast, or in the notification center once its toast has timed out) whose text matches. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: text }).first();
}

/** A toast whose text matches (not the notification center). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
}

/**
 * Clicks a button of the notification that matches `text`. An information message with buttons
 * leaves its toast after 15 s (an error stays): then the notification center is opened for the click
 * and closed again, since while it is open VS Code toasts nothing and later tests would see no toasts.
 */
export async function clickNotificationButton(page: Page, text: string | RegExp, button: string, timeoutMs = 10_000): Promise<void> {
  let openedCenter = false;
  try {
    await toast(page, text).waitFor({ timeout: timeoutMs });
  } catch (e) {
    await runCommand(page, 'Notifications: Show Notifications');
    openedCenter = true;
    if (!(await notification(page, text).isVisible())) throw e;
  }
  const item = notification(page, text);
  await item.hover(); // keeps a toast from timing out under the pointer
  await item.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button }).first().click();
  if (openedCenter) await hideNotificationCenter(page);
}

/** Closes the notification center if it is open (VS Code shows no toasts while it is). */
export async function hideNotificationCenter(page: Page): Promise<void> {
  const center = page.locator('.notifications-center.visible');
  if (await center.count() === 0) return;
  await runCommand(page, 'Notifications: Hide Notifications');
  await center.waitFor({ state: 'detached', timeout: 5_000 });
}

/**
 * A test-artifacts/<prefix>-<time>/ folder with `shot(name)` for screenshots and `failShot(name, body)`,
 * which runs a test body and saves a screenshot of the moment it fails (then fails as before).
 * `page` is read late: a test may swap the page (the untrusted window).
 */
export function screenshots(artifactsDir: string, prefix: string, page: () => Page) {
  const dir = path.join(artifactsDir, `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(dir, { recursive: true });
  const shot = (name: string) => page().screenshot({ path: path.join(dir, `${name}.png`) });
  const failShot = (name: string, body: () => Promise<void>) => async (): Promise<void> => {
    try {
      await body();
    } catch (e) {
      await shot(`FAILED-${name}`).catch(() => undefined);
      throw e;
    }
  };
  return { dir, shot, failShot };
}
