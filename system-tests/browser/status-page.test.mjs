// Browser tests of the status page, run by system-tests' StatusPageBrowserIT against services it started and seeded.
// Plain node + assert: Playwright (library only) drives Debian's chromium; axe-core checks accessibility.
//
// Environment:
//   QUERY_URL         query-service base URL (the page), e.g. http://127.0.0.1:8081
//   COMMAND_URL       command-service base URL (to post an update while the page is open)
//   COMMAND_TOKEN     an API token with the commander role, for that update
//   STATUS_PAGE_SEED  JSON describing what was seeded (see StatusPageBrowserIT.Seed)
//   SCREENSHOT_PATH   where to save the screenshot (default: ../target/browser/status-page.png)
//   CHROMIUM          the browser (default: /usr/bin/chromium)
// Exit code 0 when every check passed; otherwise the failures are printed and the code is 1.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const QUERY_URL = required('QUERY_URL').replace(/\/$/, '');
const COMMAND_URL = required('COMMAND_URL').replace(/\/$/, '');
const COMMAND_TOKEN = required('COMMAND_TOKEN');
const seed = JSON.parse(required('STATUS_PAGE_SEED'));
const screenshotPath = resolve(process.env.SCREENSHOT_PATH ?? join(here, '..', 'target', 'browser', 'status-page.png'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const axePath = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const TIMEOUT = 15_000;
/** How long the page may take to show a change posted through the command API, end to end. */
const LIVE_DEADLINE = 10_000;

function required(name) {
    const value = process.env[name];
    if (!value) {
        console.error(`${name} is not set`);
        process.exit(2);
    }
    return value;
}

const results = [];

/** Runs one named check; a failure is recorded and the next check still runs. */
async function check(name, body) {
    const started = Date.now();
    try {
        await body();
        results.push({ name, ok: true });
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
        results.push({ name, ok: false, error });
        // Playwright's call logs carry terminal colour codes: not in a test report.
        const detail = String(error?.stack ?? error).replace(/\x1b\[[0-9;]*m/g, '').replace(/\n/g, '\n     ');
        console.log(`FAIL ${name} (${Date.now() - started} ms)\n     ${detail}`);
    }
}

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

function cssString(value) {
    return JSON.stringify(String(value));
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

    await check('screenshot saved', async () => {
        await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        mkdirSync(dirname(screenshotPath), { recursive: true });
        await page.screenshot({ path: screenshotPath, fullPage: true });
        console.log(`     ${screenshotPath}`);
    });
    await context.close();

    // axe-core is injected as a script, which the page's CSP rightly forbids: this context, and only this one,
    // bypasses CSP. The payload checks above ran without the bypass.
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    axeContext.setDefaultTimeout(TIMEOUT);
    const axePage = await axeContext.newPage();
    for (const path of ['/', `/incidents/${encodeURIComponent(seed.openIncidentId)}`]) {
        await check(`axe-core: no serious or critical violations on ${path}`, async () => {
            await axePage.goto(`${QUERY_URL}${path}`, { waitUntil: 'load' });
            await axePage.addScriptTag({ path: axePath });
            const result = await axePage.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
            const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
            const summary = bad.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s), e.g. `
                + `${v.nodes[0]?.target?.join(' ')}: ${v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ')})`);
            console.log(`     ${result.violations.length} violation(s) in all, ${bad.length} serious or critical`);
            assert.deepEqual(summary, [], `axe-core on ${path}`);
        });
    }
    await axeContext.close();
} finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
}

const failed = results.filter(r => !r.ok);
console.log(`\n${results.length - failed.length} of ${results.length} checks passed`);
process.exit(failed.length === 0 ? 0 : 1);
