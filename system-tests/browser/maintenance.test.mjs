// Browser tests of scheduled maintenance on the status page, run by system-tests' StatusPageBrowserIT after it
// scheduled (and started) maintenances through command-service's API (SPEC §7). Same tools as status-page.test.mjs:
// Playwright (library only) driving Debian's chromium, axe-core for accessibility, in light and dark mode.
//
// Environment:
//   QUERY_URL          query-service base URL (the page)
//   MAINTENANCE_SEED   JSON: {activeId, activeComponentId, upcomingId, upcomingScheduledFor, upcomingScheduledUntil}
//   SCREENSHOT_DIR     where the screenshots go (default: ../target/browser)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
// Exit code 0 when every check passed; otherwise the failures are printed and the code is 1.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assertAccessible, check, cssString, finish, required, screenshot as takeScreenshot } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const QUERY_URL = required('QUERY_URL').replace(/\/$/, '');
const seed = JSON.parse(required('MAINTENANCE_SEED'));
const screenshotDir = resolve(process.env.SCREENSHOT_DIR ?? join(here, '..', 'target', 'browser'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;





function screenshot(page, name) {
    return takeScreenshot(page, screenshotDir, name);
}

async function statusJson() {
    const response = await fetch(`${QUERY_URL}/api/status`, { headers: { Accept: 'application/json' } });
    assert.equal(response.status, 200, 'GET /api/status');
    return response.json();
}

const userDataDir = mkdtempSync(join(tmpdir(), 'maintenance-chromium-'));
const browser = await chromium.launch({
    executablePath,
    headless: true,
    env: { ...process.env, TMPDIR: userDataDir },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
});
console.log(`chromium ${browser.version()} (${executablePath})`);

const active = `[data-testid="maintenance-banner"] [data-maintenance-id=${cssString(seed.activeId)}]`;
const upcoming = `[data-testid="upcoming-maintenance"] [data-maintenance-id=${cssString(seed.upcomingId)}]`;

try {
    // The page as served, its own Content-Security-Policy in force; a reader in Berlin, the page's zone UTC.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', error => pageErrors.push(String(error)));
    await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });

    await check('a running maintenance is a banner at the top of the page', async () => {
        const banner = page.locator('[data-testid="maintenance-banner"]');
        await banner.waitFor({ state: 'visible' });
        await page.locator(active).waitFor({ state: 'visible' });
        assert.match(await banner.innerText(), /Maintenance in progress/);
        assert.equal(await page.locator(active).getAttribute('data-status'), 'in_progress');
        // Above the components and the open incidents: at the top, where a reader looks first.
        const order = await page.evaluate(() => {
            const at = selector => document.querySelector(selector)?.getBoundingClientRect().top ?? -1;
            return { banner: at('[data-testid="maintenance-banner"]'), components: at('#components-heading') };
        });
        assert.ok(order.banner >= 0 && order.banner < order.components, `banner above the components: ${JSON.stringify(order)}`);
        const link = page.locator(`${active} a`).first();
        assert.equal(await link.getAttribute('href'), `/maintenances/${seed.activeId}`);
    });

    await check('its component shows under maintenance, as /api/status and the roll-up say', async () => {
        const status = await statusJson();
        const component = status.components.find(c => c.id === seed.activeComponentId);
        assert.equal(component?.status, 'under_maintenance', 'in /api/status');
        const row = page.locator(`[data-component-id=${cssString(seed.activeComponentId)}]`).first();
        assert.equal(await row.getAttribute('data-status'), 'under_maintenance', 'on the page');
        assert.match(await row.innerText(), /Under maintenance/);
        const overall = page.locator('[data-testid="overall-status"]');
        assert.equal(await overall.getAttribute('data-indicator'), status.indicator);
        assert.equal((await overall.locator('h2').innerText()).trim(), status.description);
    });

    await check('an upcoming maintenance has its own section, its window in the reader\'s zone', async () => {
        await page.locator(upcoming).waitFor({ state: 'visible' });
        const times = page.locator(`${upcoming} [data-testid="maintenance-window"] time`);
        assert.equal(await times.count(), 2, 'start and end');
        const start = times.nth(0);
        assert.equal(new Date(await start.getAttribute('datetime')).toISOString(),
            new Date(seed.upcomingScheduledFor).toISOString(), 'the start, machine-readable');
        assert.equal(new Date(await times.nth(1).getAttribute('datetime')).toISOString(),
            new Date(seed.upcomingScheduledUntil).toISOString(), 'the end, machine-readable');
        // local-time.js rewrote the words into the browser's zone and kept the server's (UTC) in the title.
        await page.locator(`${upcoming} time[data-local="Europe/Berlin"]`).first().waitFor({ state: 'attached' });
        assert.match(await start.innerText(), /GMT\+[12]|CES?T/, `start in Berlin time: ${await start.innerText()}`);
        assert.match(await start.getAttribute('title'), /UTC/, 'the page zone\'s words kept');
        assert.match(await page.locator('[data-testid="time-zone-note"]').innerText(), /Europe\/Berlin/);
        assert.equal(await page.locator(`[data-testid="maintenance-banner"] [data-maintenance-id=${cssString(seed.upcomingId)}]`)
            .count(), 0, 'not in the banner: it has not started');
    });

    await check('the uptime bars: today is blue for the component under maintenance, and the legend says why', async () => {
        const bar = page.locator(`[data-uptime-component=${cssString(seed.activeComponentId)}]`).first();
        await bar.waitFor({ state: 'attached' });
        const today = bar.locator('[data-uptime-day]').last();
        assert.equal(await today.getAttribute('data-color'), 'blue', 'today: maintenance, no downtime');
        const legend = page.locator('[data-testid="uptime-legend"]');
        await legend.waitFor({ state: 'visible' });
        const colours = await legend.locator('[data-legend]').evaluateAll(items => items.map(i => i.getAttribute('data-legend')));
        assert.deepEqual(colours, ['green', 'yellow', 'orange', 'red', 'blue', 'grey']);
        assert.match(await legend.innerText(), /Scheduled maintenance, no downtime/);
        // Blue is not an outage colour: a maintenance day and a red day look different.
        const [blue, red] = await page.evaluate(() => ['blue', 'red'].map(c => {
            const probe = document.querySelector(`[data-legend="${c}"] .uptime-legend__swatch`);
            return getComputedStyle(probe).backgroundColor;
        }));
        assert.notEqual(blue, red);
        await screenshot(page, 'maintenance-front.png');
    });

    await check('each maintenance has a page of its own', async () => {
        const response = await page.goto(`${QUERY_URL}/maintenances/${encodeURIComponent(seed.activeId)}`, { waitUntil: 'load' });
        assert.equal(response.status(), 200);
        const article = page.locator(`[data-maintenance-id=${cssString(seed.activeId)}]`).first();
        assert.equal(await article.getAttribute('data-status'), 'in_progress');
        assert.match(await page.locator('[data-testid="maintenance-status"]').innerText(), /In progress/);
        assert.equal(await page.locator(`[data-affected-component-id=${cssString(seed.activeComponentId)}]`).count(), 1);
        const updates = await page.locator('[data-update-id]').count();
        assert.ok(updates >= 2, `the announcement and the start: ${updates}`);
        await screenshot(page, 'maintenance-page.png');
        const upcomingPage = await page.goto(`${QUERY_URL}/maintenances/${encodeURIComponent(seed.upcomingId)}`, { waitUntil: 'load' });
        assert.equal(upcomingPage.status(), 200);
        assert.match(await page.locator('[data-testid="maintenance-status"]').innerText(), /Scheduled/);
        const missing = await page.goto(`${QUERY_URL}/maintenances/no-such-maintenance`, { waitUntil: 'load' });
        assert.equal(missing.status(), 404);
        assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    });
    await context.close();

    // axe-core is injected as a script, which the page's CSP forbids: this context, and only this one, bypasses it.
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    axeContext.setDefaultTimeout(TIMEOUT);
    const axePage = await axeContext.newPage();
    const paths = ['/', `/maintenances/${encodeURIComponent(seed.activeId)}`,
        `/maintenances/${encodeURIComponent(seed.upcomingId)}`];
    for (const colorScheme of ['light', 'dark']) {
        await axePage.emulateMedia({ colorScheme });
        for (const path of paths) {
            await check(`axe-core (${colorScheme}): no serious or critical violations on ${path}`, async () => {
                await assertAccessible(axePage, `${QUERY_URL}${path}`, colorScheme, path);
            });
        }
        await check(`the banner follows prefers-color-scheme (${colorScheme})`, async () => {
            await axePage.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
            const background = await axePage.evaluate(() =>
                getComputedStyle(document.querySelector('[data-testid="maintenance-banner"]')).backgroundColor);
            if (colorScheme === 'dark') {
                assert.equal(background, 'rgb(12, 45, 74)', 'the dark maintenance tint');
                await screenshot(axePage, 'maintenance-front-dark.png');
            } else {
                assert.equal(background, 'rgb(221, 244, 255)', 'the light maintenance tint');
            }
        });
    }
    await axeContext.close();
} finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
}

finish();
