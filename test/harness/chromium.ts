/** Debian's Chromium for the browser tests, headless and quiet (no network of its own, no sandbox in containers). */
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts /usr/bin/chromium for a test. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * One Chromium for a test file: each page in a context of its own (its cookies and session apart
 * from the others'), in Vietnamese; closing the session closes every context with the browser.
 */
export class BrowserSession {
  private constructor(private readonly browser: Browser) {}

  static async start(): Promise<BrowserSession> {
    return new BrowserSession(await launchChromium());
  }

  async newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await this.browser.newContext({ viewport, locale: 'vi-VN' });
    return context.newPage();
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
