// What every browser test script here shares: its environment, the browser, named checks that keep going after a
// failure, screenshots, and the axe-core audit. Each script imports it and ends with finish().

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const axePath = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const results = [];

/** The environment variable, or exit 2 (a set-up mistake, not a failing check). */
export function required(name) {
    const value = process.env[name];
    if (!value) {
        console.error(`${name} is not set`);
        process.exit(2);
    }
    return value;
}

/** Runs one named check; a failure is recorded and the next check still runs. */
export async function check(name, body) {
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

/** A value quoted for a CSS attribute selector. */
export function cssString(value) {
    return JSON.stringify(String(value));
}

/** A full-page screenshot into {@code dir}, its path printed under the check. */
export async function screenshot(page, dir, name) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    await page.screenshot({ path, fullPage: true });
    console.log(`     ${path}`);
}

/**
 * Loads {@code url} in {@code axePage} (a context that bypasses the page's CSP, which rightly forbids injecting
 * axe-core), checks the colour scheme is the emulated one, and asserts no serious or critical violation.
 */
export async function assertAccessible(axePage, url, colorScheme, label) {
    await axePage.goto(url, { waitUntil: 'load' });
    await assertAccessibleHere(axePage, colorScheme, label);
}

/**
 * {@link assertAccessible} on a page a GET cannot reproduce (the answer to a form's POST): {@code html}, as the
 * server sent it, is served once at {@code url} in {@code axePage}, so that its stylesheets load as on the real page.
 */
export async function assertAccessibleAs(axePage, url, html, colorScheme, label) {
    let served = false;
    await axePage.route(candidate => candidate.href === url, route => {
        served = true;
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }, { times: 1 });
    await assertAccessible(axePage, url, colorScheme, label);
    assert.ok(served, `the page as served was replayed at ${url}`);
}

/** The axe-core audit of what {@code axePage} shows now. */
async function assertAccessibleHere(axePage, colorScheme, label) {
    assert.equal(await axePage.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
        colorScheme === 'dark', 'colour scheme emulated');
    await axePage.addScriptTag({ path: axePath });
    const result = await axePage.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
    const summary = bad.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s), e.g. `
        + `${v.nodes[0]?.target?.join(' ')}: ${v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ')})`);
    console.log(`     ${result.violations.length} violation(s) in all, ${bad.length} serious or critical`);
    assert.deepEqual(summary, [], `axe-core on ${label} (${colorScheme})`);
}

/**
 * Debian's chromium through Playwright, headless, with a throw-away profile directory; {@code close()} stops it
 * and removes the directory.
 */
export async function launchChromium(name) {
    const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
    const userDataDir = mkdtempSync(join(tmpdir(), `${name}-chromium-`));
    const browser = await chromium.launch({
        executablePath,
        headless: true,
        env: { ...process.env, TMPDIR: userDataDir },
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    console.log(`chromium ${browser.version()} (${executablePath})`);
    return {
        browser,
        async close() {
            await browser.close();
            rmSync(userDataDir, { recursive: true, force: true });
        },
    };
}

/** Prints the tally and exits: 0 when every check passed, 1 otherwise. */
export function finish() {
    const failed = results.filter(r => !r.ok);
    console.log(`\n${results.length - failed.length} of ${results.length} checks passed`);
    process.exit(failed.length === 0 ? 0 : 1);
}
