// What every browser test script here shares: its environment, named checks that keep going after a failure,
// screenshots, and the axe-core audit. Each script imports it and ends with finish().

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Prints the tally and exits: 0 when every check passed, 1 otherwise. */
export function finish() {
    const failed = results.filter(r => !r.ok);
    console.log(`\n${results.length - failed.length} of ${results.length} checks passed`);
    process.exit(failed.length === 0 ? 0 : 1);
}
