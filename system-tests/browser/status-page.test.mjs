// Browser tests of the status page, run by system-tests' StatusPageBrowserIT against services it started and seeded.
// Plain node + assert: Playwright (library only) drives Debian's chromium; axe-core checks accessibility.
//
// Environment:
//   QUERY_URL         query-service base URL (the page), e.g. http://127.0.0.1:8081
//   COMMAND_URL       command-service base URL (to post an update while the page is open)
//   COMMAND_TOKEN     an API token with the commander role, for that update
//   STATUS_PAGE_SEED  JSON describing what was seeded (see StatusPageBrowserIT.Seed)
//   SCREENSHOT_PATH   where to save the screenshot (default: ../target/browser/status-page.png); the other
//                     screenshots (history, day, dark mode, no JavaScript, New York time) go beside it
//   CHROMIUM          the browser (default: /usr/bin/chromium)
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
const COMMAND_URL = required('COMMAND_URL').replace(/\/$/, '');
const COMMAND_TOKEN = required('COMMAND_TOKEN');
const seed = JSON.parse(required('STATUS_PAGE_SEED'));
const screenshotPath = resolve(process.env.SCREENSHOT_PATH ?? join(here, '..', 'target', 'browser', 'status-page.png'));
const screenshotDir = dirname(screenshotPath);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;
/** How long the page may take to show a change posted through the command API, end to end. */
const LIVE_DEADLINE = 10_000;




async function json(method, url, body) {
    const response = await fetch(url, {
        method,
        headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json, application/problem+json',
            Authorization: `Bearer ${COMMAND_TOKEN}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${url} -> ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
}

/**
 * Watches a page for any sign that injected script ran: a dialog (alert/confirm/prompt) or an uncaught error in
 * the page. CSP refusals of blocked payloads appear as console messages; they are collected for the report only.
 */
function watch(page) {
    const seen = { dialogs: [], pageErrors: [], cspReports: [] };
    page.on('dialog', async dialog => {
        seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', error => seen.pageErrors.push(String(error)));
    page.on('console', message => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
            seen.cspReports.push(message.text());
        }
    });
    return seen;
}

/** No payload ran, and none made it into the DOM as markup rather than text. */
async function assertNoInjectedScript(page, seen, where) {
    const state = await page.evaluate(() => {
        const handlers = [];
        for (const element of document.querySelectorAll('*')) {
            for (const attribute of element.attributes) {
                if (/^on/i.test(attribute.name)) {
                    handlers.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
                }
            }
        }
        return {
            xss: typeof window.__xss === 'undefined' ? 'undefined' : String(window.__xss),
            handlers,
            inlineScripts: [...document.scripts].filter(s => !s.src).map(s => s.textContent.slice(0, 80)),
            javascriptLinks: [...document.querySelectorAll('a[href], area[href]')]
                .map(a => a.getAttribute('href')).filter(href => /^\s*javascript:/i.test(href)),
            injectedSvg: document.querySelectorAll('svg[onload]').length,
        };
    });
    assert.equal(state.xss, 'undefined', `${where}: window.__xss was set: a payload ran`);
    assert.deepEqual(seen.dialogs, [], `${where}: a dialog opened`);
    assert.deepEqual(state.handlers, [], `${where}: inline event-handler attributes in the DOM`);
    assert.deepEqual(state.inlineScripts, [], `${where}: inline <script> elements in the DOM`);
    assert.deepEqual(state.javascriptLinks, [], `${where}: javascript: links in the DOM`);
    assert.equal(state.injectedSvg, 0, `${where}: injected <svg onload>`);
}


function screenshot(page, name) {
    return takeScreenshot(page, screenshotDir, name);
}

/** The incident ids a history page lists, and the href of its "Older" link (null on the last page). */
async function historyPage(page) {
    const ids = await page.locator('[data-history-incident-id]')
        .evaluateAll(items => items.map(i => i.getAttribute('data-history-incident-id')));
    const months = await page.locator('[data-month]').evaluateAll(items => items.map(i => i.getAttribute('data-month')));
    const older = page.locator('[data-testid="history-older"]');
    return { ids, months, older: (await older.count()) > 0 ? older : null };
}

const userDataDir = mkdtempSync(join(tmpdir(), 'status-page-chromium-'));
const browser = await chromium.launch({
    executablePath,
    headless: true,
    // Playwright refuses --user-data-dir with launch(); it gives every launch a fresh profile of its own, and
    // TMPDIR (below) puts that profile, and Chromium's other scratch files, in our fresh directory.
    env: { ...process.env, TMPDIR: userDataDir },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
});
console.log(`chromium ${browser.version()} (${executablePath}), profile under ${userDataDir}`);

try {
    // The context for everything but axe: the page's own Content-Security-Policy applies.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    const seen = watch(page);
    let home;

    await check('GET / is HTML with a strict Content-Security-Policy', async () => {
        home = await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        assert.equal(home.status(), 200, 'status of /');
        assert.match(home.headers()['content-type'] ?? '', /^text\/html/);
        const csp = home.headers()['content-security-policy'] ?? '';
        assert.match(csp, /script-src 'self'/, `CSP: ${csp}`);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `CSP: ${csp}`);
    });

    await check('the banner and every component show the current status', async () => {
        const status = await json('GET', `${QUERY_URL}/api/status`);
        const banner = page.locator('[data-testid="overall-status"]');
        await banner.waitFor({ state: 'visible' });
        assert.equal(await banner.getAttribute('data-indicator'), status.indicator, 'overall indicator');
        for (const id of seed.components) {
            const expected = status.components.find(c => c.id === id);
            assert.ok(expected, `component ${id} in /api/status`);
            const row = page.locator(`[data-component-id=${cssString(id)}]`).first();
            await row.waitFor({ state: 'visible' });
            assert.equal(await row.getAttribute('data-status'), expected.status, `data-status of ${id}`);
        }
        for (const group of status.groups) {
            const element = page.locator(`[data-group=${cssString(group.name)}]`).first();
            assert.equal(await element.getAttribute('data-status'), group.status, `data-status of group ${group.name}`);
        }
    });

    await check('the open incident is shown with its updates', async () => {
        await page.locator(`[data-incident-id=${cssString(seed.openIncidentId)}]`).first().waitFor({ state: 'visible' });
        for (const updateId of seed.openIncidentUpdateIds) {
            assert.equal(await page.locator(`[data-update-id=${cssString(updateId)}]`).count() > 0, true,
                `update ${updateId} of the open incident`);
        }
    });

    await check('uptime bars: 90 days, seeded days in their colours, a tooltip each', async () => {
        const bar = page.locator(`[data-uptime-component=${cssString(seed.uptime.componentId)}]`).first();
        await bar.waitFor({ state: 'attached' });
        const days = await bar.locator('[data-uptime-day]').evaluateAll(elements => elements.map(e => ({
            day: e.getAttribute('data-uptime-day'),
            color: e.getAttribute('data-color'),
            tooltip: (e.getAttribute('title') || e.getAttribute('aria-label') || e.textContent || '').trim(),
        })));
        assert.equal(days.length, 90, 'days in the bar');
        const byDay = Object.fromEntries(days.map(d => [d.day, d]));
        for (const [day, color] of Object.entries(seed.uptime.colors)) {
            assert.ok(byDay[day], `a bar for ${day}`);
            assert.equal(byDay[day].color, color, `data-color of ${day}`);
        }
        for (const day of days) {
            assert.match(day.color, /^(green|yellow|orange|red|grey)$/, `data-color of ${day.day}`);
            assert.ok(day.tooltip.length > 0, `tooltip of ${day.day}`);
        }
    });

    await check('the home page ran none of the payloads', async () => {
        await assertNoInjectedScript(page, seen, '/');
        const text = await page.locator('main').innerText();
        // Escaped, not dropped: the reader sees what the commander typed.
        assert.ok(text.includes(seed.xss.visibleTitle), `the title ${seed.xss.visibleTitle} shown as text`);
    });

    await check('an update posted through the command API appears without a reload', async () => {
        await page.evaluate(() => { window.__noReloadMarker = 'still here'; });
        const started = Date.now();
        const posted = await json('POST', `${COMMAND_URL}/api/incidents/${encodeURIComponent(seed.openIncidentId)}/updates`, {
            status: 'monitoring',
            message: `A fix is rolling out (${new Date().toISOString()}).`,
            components: { [seed.liveComponentId]: 'partial_outage' },
        });
        assert.ok(posted.updateId, `updateId in ${JSON.stringify(posted)}`);
        await page.locator(`[data-update-id=${cssString(posted.updateId)}]`).first()
            .waitFor({ state: 'attached', timeout: LIVE_DEADLINE })
            .catch(async error => {
                const stream = await page.evaluate(() => document.documentElement.getAttribute('data-stream'));
                throw new Error(`update ${posted.updateId} not shown within ${LIVE_DEADLINE} ms `
                    + `(<html data-stream="${stream}">): ${error.message}`);
            });
        await page.locator(`[data-component-id=${cssString(seed.liveComponentId)}][data-status="partial_outage"]`).first()
            .waitFor({ state: 'attached', timeout: LIVE_DEADLINE });
        console.log(`     update visible ${Date.now() - started} ms after the POST`);
        assert.equal(await page.evaluate(() => window.__noReloadMarker), 'still here', 'the page was reloaded');
        await assertNoInjectedScript(page, seen, '/ after the live update');
    });

    await check('the incident pages ran none of the payloads (reached by a link, then directly)', async () => {
        const link = page.locator(`a[href$=${cssString(`/incidents/${seed.openIncidentId}`)}]`).first();
        await Promise.all([page.waitForURL(`**/incidents/${seed.openIncidentId}`), link.click()]);
        await page.waitForLoadState('load');
        await assertNoInjectedScript(page, seen, `/incidents/${seed.openIncidentId}`);
        for (const id of seed.xss.incidentIds) {
            const response = await page.goto(`${QUERY_URL}/incidents/${encodeURIComponent(id)}`, { waitUntil: 'load' });
            assert.equal(response.status(), 200, `status of /incidents/${id}`);
            assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
            await assertNoInjectedScript(page, seen, `/incidents/${id}`);
        }
        assert.deepEqual(seen.pageErrors, [], 'uncaught errors in the page');
        if (seen.cspReports.length > 0) {
            console.log(`     CSP refused ${seen.cspReports.length} thing(s), e.g. ${seen.cspReports[0]}`);
        }
    });

    await check('showcase and only_show_if_degraded: which components are listed, which have a bar', async () => {
        await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        const { noBar, hiddenWhileOperational, shownWhileDegraded } = seed.flags;
        await page.locator(`[data-component-id=${cssString(noBar)}]`).first().waitFor({ state: 'visible' });
        assert.equal(await page.locator(`[data-uptime-component=${cssString(noBar)}]`).count(), 0,
            `${noBar} is not showcased: no uptime bar`);
        assert.equal(await page.locator(`[data-component-id=${cssString(hiddenWhileOperational)}]`).count(), 0,
            `${hiddenWhileOperational} is operational and shown only if degraded`);
        const degraded = page.locator(`[data-component-id=${cssString(shownWhileDegraded)}]`).first();
        await degraded.waitFor({ state: 'visible' });
        assert.equal(await degraded.getAttribute('data-status'), 'degraded_performance');
        assert.equal(await page.locator(`[data-uptime-component=${cssString(shownWhileDegraded)}]`).count(), 1,
            `${shownWhileDegraded} is showcased: it has a bar`);
    });

    await check('a day of an uptime bar is a link reached by keyboard, its words shown on focus, to that day', async () => {
        await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        const { componentId, date, incidentId } = seed.dayLink;
        const target = `[data-uptime-component=${cssString(componentId)}] [data-day-link=${cssString(date)}]`;
        await page.locator(target).waitFor({ state: 'attached' });
        await page.locator('body').focus();
        let reached = false;
        for (let presses = 0; presses < 600 && !reached; presses++) {
            await page.keyboard.press('Tab');
            reached = await page.evaluate(selector => document.activeElement?.matches(selector) ?? false, target);
        }
        assert.ok(reached, `Tab never reached the day link ${target}`);
        const tip = page.locator(`${target} .uptime__tip`);
        const box = await tip.boundingBox();
        assert.ok(box && box.width > 40 && box.height > 8, `the tooltip shows on focus: ${JSON.stringify(box)}`);
        const words = (await tip.innerText()).trim();
        assert.match(words, /uptime/, `tooltip words: ${words}`);
        await Promise.all([page.waitForURL(/\/days\//), page.keyboard.press('Enter')]);
        await page.waitForLoadState('load');
        const url = new URL(page.url());
        assert.equal(url.pathname, `/days/${date}`);
        assert.equal(url.searchParams.get('component'), componentId);
        await page.locator(`[data-history-incident-id=${cssString(incidentId)}]`).waitFor({ state: 'visible' });
        assert.match(await page.locator('[data-testid="day-uptime"]').innerText(), /major outage 1h/);
        await screenshot(page, 'day.png');
        await assertNoInjectedScript(page, seen, url.pathname);
    });

    await check('the history: linked from the front page, every incident reachable by Older links, the demo one too', async () => {
        await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        await Promise.all([page.waitForURL('**/history'), page.locator('[data-testid="history-link"]').click()]);
        await page.waitForLoadState('load');
        let current = await historyPage(page);
        for (const id of seed.history.incidentIds) {
            assert.ok(current.ids.includes(id), `${id} on the first history page: ${current.ids}`);
        }
        await screenshot(page, 'history.png');
        const seenMonths = [...current.months];
        const wanted = seed.history.oldestIncidentId;
        let pages = 1;
        while (!current.ids.includes(wanted)) {
            assert.ok(current.older, `${wanted} not found on ${pages} page(s); months ${seenMonths}`);
            await Promise.all([page.waitForURL(/history\?page=/), current.older.click()]);
            await page.waitForLoadState('load');
            current = await historyPage(page);
            seenMonths.push(...current.months);
            pages++;
            assert.ok(pages < 100, 'too many history pages');
        }
        assert.deepEqual(seenMonths, [...seenMonths].sort().reverse(), 'months newest first');
        assert.ok(seenMonths.includes('2012-06'), `June 2012 listed: ${seenMonths}`);
        console.log(`     ${wanted} on history page ${pages}`);
        await Promise.all([page.waitForURL(`**/incidents/${wanted}`),
            page.locator(`[data-history-incident-id=${cssString(wanted)}] a`).first().click()]);
        await page.waitForLoadState('load');
        assert.equal(await page.locator(`[data-incident-id=${cssString(wanted)}]`).count(), 1);
        await assertNoInjectedScript(page, seen, '/history');
    });

    await check('the feed is linked from every page', async () => {
        for (const path of ['/', '/history']) {
            await page.goto(`${QUERY_URL}${path}`, { waitUntil: 'load' });
            assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count(), 1, path);
        }
    });

    await check('screenshot saved', async () => {
        await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        mkdirSync(dirname(screenshotPath), { recursive: true });
        await page.screenshot({ path: screenshotPath, fullPage: true });
        console.log(`     ${screenshotPath}`);
    });
    await context.close();

    // Without JavaScript: the page is whole, groups still fold (<details>), times stay in the server's zone.
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    noScript.setDefaultTimeout(TIMEOUT);
    const plain = await noScript.newPage();
    await check('without JavaScript: groups collapse and expand, times are in the page zone and say so', async () => {
        await plain.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        const group = plain.locator(`[data-group=${cssString(seed.group)}]`).first();
        const details = group.locator('details').first();
        const member = group.locator('[data-component-id]').first();
        const summary = details.locator('summary').first();
        // In an outage: rendered expanded, so the trouble is never folded away.
        assert.equal(await details.evaluate(d => d.open), true, `${seed.group} is expanded while degraded`);
        assert.ok(await member.isVisible(), 'its members are shown');
        await summary.click();
        assert.equal(await details.evaluate(d => d.open), false, 'collapsed by a click');
        assert.equal(await member.isVisible(), false, 'members hidden when collapsed');
        await summary.focus();
        await plain.keyboard.press('Enter');
        assert.equal(await details.evaluate(d => d.open), true, 'expanded again by the keyboard');
        assert.ok(await member.isVisible(), 'members shown again');
        // Operational groups (the demo's) start collapsed and open on a click.
        const closed = plain.locator('[data-group][data-status="operational"]:has(details:not([open]))');
        if (await closed.count() > 0) {
            // Pinned by name: once opened it no longer matches :not([open]).
            const name = await closed.first().getAttribute('data-group');
            const first = plain.locator(`[data-group=${cssString(name)}] details`).first();
            assert.equal(await first.locator('[data-component-id]').first().isVisible(), false,
                `${name} starts collapsed`);
            await first.locator('summary').click();
            assert.equal(await first.evaluate(d => d.open), true, `${name} opens on a click`);
            assert.ok(await first.locator('[data-component-id]').first().isVisible(), `${name}'s members shown`);
            console.log(`     operational group ${name}: collapsed, opened by a click`);
        }
        const note = plain.locator('[data-testid="time-zone-note"]').first();
        assert.equal((await note.innerText()).trim(), 'Times are shown in UTC.');
        const time = plain.locator('time[datetime*="T"]').first();
        assert.match(await time.innerText(), /UTC$/);
        assert.equal(await time.getAttribute('data-local'), null, 'no script rewrote the time');
        await screenshot(plain, 'status-page-no-js.png');
    });
    await noScript.close();

    // In New York: the script rewrites every time to the reader's zone and says so.
    const newYork = await browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    newYork.setDefaultTimeout(TIMEOUT);
    const nyPage = await newYork.newPage();
    const nySeen = watch(nyPage);
    await check("times are rewritten to the reader's zone (America/New_York) and labelled", async () => {
        await nyPage.goto(`${QUERY_URL}/incidents/${encodeURIComponent(seed.openIncidentId)}`, { waitUntil: 'load' });
        const note = nyPage.locator('[data-testid="time-zone-note"][data-local="America/New_York"]').first();
        await note.waitFor({ state: 'attached' });
        assert.match(await note.innerText(), /your time zone, America\/New_York/);
        const time = nyPage.locator('time[datetime*="T"][data-local]').first();
        const iso = await time.getAttribute('datetime');
        const server = await time.getAttribute('data-server-text');
        const shown = (await time.innerText()).trim();
        assert.match(server, /UTC$/, `server text ${server}`);
        assert.notEqual(shown, server, 'the time changed');
        assert.match(shown, /\b(EST|EDT)$/, `labelled with the zone: ${shown}`);
        const expected = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit',
            minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
        assert.ok(shown.includes(expected), `${shown} shows New York's ${expected} for ${iso}`);
        assert.equal(await time.getAttribute('title'), server, 'the server time is kept in the title');
        // Dates alone stay as the server cut them.
        const dayOnly = nyPage.locator('time[datetime]:not([datetime*="T"])');
        if (await dayOnly.count() > 0) {
            assert.equal(await dayOnly.first().getAttribute('data-local'), null);
        }
        await nyPage.goto(`${QUERY_URL}/history`, { waitUntil: 'load' });
        await nyPage.locator('time[data-local="America/New_York"]').first().waitFor({ state: 'attached' });
        await screenshot(nyPage, 'history-new-york.png');
        assert.deepEqual(nySeen.pageErrors, [], 'uncaught errors in the page');
    });
    await newYork.close();

    // axe-core is injected as a script, which the page's CSP rightly forbids: this context, and only this one,
    // bypasses CSP. The payload checks above ran without the bypass.
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    axeContext.setDefaultTimeout(TIMEOUT);
    const axePage = await axeContext.newPage();
    const dayPath = `/days/${seed.dayLink.date}?component=${encodeURIComponent(seed.dayLink.componentId)}`;
    const axePaths = ['/', `/incidents/${encodeURIComponent(seed.openIncidentId)}`, '/history', dayPath];
    for (const colorScheme of ['light', 'dark']) {
        await axePage.emulateMedia({ colorScheme });
        for (const path of axePaths) {
            await check(`axe-core (${colorScheme}): no serious or critical violations on ${path}`, async () => {
                await assertAccessible(axePage, `${QUERY_URL}${path}`, colorScheme, path);
            });
        }
        await check(`the page follows prefers-color-scheme (${colorScheme})`, async () => {
            await axePage.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
            const background = await axePage.evaluate(() => getComputedStyle(document.body).backgroundColor);
            if (colorScheme === 'dark') {
                assert.notEqual(background, 'rgb(255, 255, 255)', 'a dark background');
                await screenshot(axePage, 'status-page-dark.png');
            } else {
                assert.equal(background, 'rgb(255, 255, 255)', 'a light background');
            }
        });
    }
    await axeContext.close();
} finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
}

finish();
