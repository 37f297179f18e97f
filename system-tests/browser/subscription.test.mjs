// Browser tests of email subscriptions (SPEC §8), run by system-tests' SubscriptionPagesBrowserIT in three phases,
// because the mails in between arrive at the IT's SMTP server (GreenMail) and the IT reads them:
//   subscribe    the status page's form, with JavaScript and without, to the "check your mailbox" answer
//   confirm      the confirmation mail's link: its GET page confirms nothing, its button does
//   unsubscribe  a notification's List-Unsubscribe link: its page's button, and RFC 8058's one-click POST
// Each phase checks the pages' headers (the page's Content-Security-Policy; no-store and no-referrer, since the
// token in the address is a credential) and runs axe-core on every page it sees, in light and dark mode. The admin
// list (GET /api/subscribers) is the observable for "confirmed" and "gone".
//
// Environment:
//   QUERY_URL           query-service base URL (the page)
//   QUERY_TOKEN         an API token with the admin role (for GET /api/subscribers)
//   PHASE               subscribe | confirm | unsubscribe
//   SUBSCRIPTION_SEED   JSON; subscribe: {withScript, withoutScript} (addresses);
//                       confirm: {confirmations: [{address, url, javaScript}]};
//                       unsubscribe: {page: {address, url}, oneClick: {address, url}}
//   SCREENSHOT_DIR      where the screenshots go (default: ../target/browser)
//   CHROMIUM            the browser (default: /usr/bin/chromium)
// Exit code 0 when every check passed; otherwise the failures are printed and the code is 1.

import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    assertAccessible, assertAccessibleAs, check, finish, launchChromium, required, screenshot as takeScreenshot,
} from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const QUERY_URL = required('QUERY_URL').replace(/\/$/, '');
const QUERY_TOKEN = required('QUERY_TOKEN');
const PHASE = required('PHASE');
const seed = JSON.parse(required('SUBSCRIPTION_SEED'));
const screenshotDir = resolve(process.env.SCREENSHOT_DIR ?? join(here, '..', 'target', 'browser'));
const TIMEOUT = 15_000;
const SCHEMES = ['light', 'dark'];

function screenshot(page, name) {
    return takeScreenshot(page, screenshotDir, name);
}

/** The admin's view of the subscriber with this address, or undefined. */
async function subscriber(address) {
    const response = await fetch(`${QUERY_URL}/api/subscribers`, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${QUERY_TOKEN}` },
    });
    assert.equal(response.status, 200, 'GET /api/subscribers as the admin');
    const all = await response.json();
    return all.find(s => s.channel === 'email' && s.address === address);
}

/** The page's strict policy, and (for every page about a subscription) no caching and no referrer. */
function assertHeaders(response, { private: isPrivate }) {
    const headers = response.headers();
    const where = `${response.request().method()} ${new URL(response.url()).pathname}`;
    assert.match(headers['content-type'] ?? '', /^text\/html/, `${where}: HTML`);
    const csp = headers['content-security-policy'] ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
        "frame-ancestors 'none'", "form-action 'self'"]) {
        assert.ok(csp.includes(directive), `${where}: Content-Security-Policy has ${directive}: ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${where}: no unsafe-* in the policy`);
    if (isPrivate) {
        assert.equal(headers['cache-control'], 'no-store', `${where}: Cache-Control`);
        assert.equal(headers['referrer-policy'], 'no-referrer', `${where}: Referrer-Policy`);
    }
}

/** Presses the button that submits a form and returns the answer to its POST (a full page load, script or none). */
async function submit(page, button) {
    const [response] = await Promise.all([
        page.waitForResponse(r => r.request().method() === 'POST' && r.request().isNavigationRequest()),
        page.locator(button).click(),
    ]);
    await page.waitForLoadState('load');
    return response;
}

/** A context with the pages' own policy in force, with or without JavaScript; its console errors are collected. */
async function newContext(browser, javaScriptEnabled) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', error => errors.push(String(error)));
    page.on('console', message => {
        if (message.type() === 'error') {
            errors.push(message.text());
        }
    });
    return { context, page, errors };
}

/** Pages to audit once every check of the phase has run: [url, html as served or null for a plain GET, label]. */
const audits = [];

async function auditAll(browser) {
    // axe-core is injected as a script, which the pages' policy rightly forbids: a context that bypasses it.
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    axeContext.setDefaultTimeout(TIMEOUT);
    const axePage = await axeContext.newPage();
    for (const colorScheme of SCHEMES) {
        await axePage.emulateMedia({ colorScheme });
        for (const [url, html, label] of audits) {
            await check(`axe-core (${colorScheme}): no serious or critical violations on ${label}`, async () => {
                if (html === null) {
                    await assertAccessible(axePage, url, colorScheme, label);
                } else {
                    await assertAccessibleAs(axePage, url, html, colorScheme, label);
                }
            });
        }
    }
    await axeContext.close();
}

// ---- subscribe: the status page's form --------------------------------------------------------------------------

async function subscribePhase(browser) {
    for (const [address, javaScript] of [[seed.withScript, true], [seed.withoutScript, false]]) {
        const how = javaScript ? 'with JavaScript' : 'without JavaScript';
        const { context, page, errors } = await newContext(browser, javaScript);
        let home;
        await check(`${how}: GET / offers the subscribe form, under the page's policy`, async () => {
            home = await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
            assert.equal(home.status(), 200);
            assertHeaders(home, { private: false });
            const section = page.locator('[data-testid="subscribe"]');
            await section.waitFor({ state: 'visible' });
            assert.equal(await section.getByRole('heading', { level: 2 }).innerText(), 'Get notified');
            const form = section.locator('form');
            assert.equal(await form.getAttribute('method'), 'post');
            assert.equal(await form.getAttribute('action'), '/subscriptions/subscribe');
            // The field has its label (found through it, as a screen reader would), and is an email field.
            const field = page.getByLabel('Email address');
            assert.equal(await field.getAttribute('type'), 'email');
            assert.equal(await field.getAttribute('name'), 'email');
            // The components can be chosen; none chosen means the whole page.
            assert.ok(await section.locator('input[type="checkbox"][name="components"]').count() >= 1,
                'a checkbox per component');
            assert.match(await section.innerText(), /You will get one mail asking you to confirm/);
            // The context is what it says: the page's scripts ran (local-time.js marks the page) or they did not.
            if (javaScript) {
                await page.locator('html[data-local-time]').waitFor({ state: 'attached' });
            } else {
                assert.equal(await page.locator('html').getAttribute('data-local-time'), null, 'no script ran');
            }
        });
        await check(`${how}: the form answers "Check your mailbox", no-store and no-referrer`, async () => {
            await page.getByLabel('Email address').fill(address);
            const answer = await submit(page, '[data-testid="subscribe-button"]');
            assert.equal(answer.status(), 202, 'POST /subscriptions/subscribe');
            assert.equal(new URL(page.url()).pathname, '/subscriptions/subscribe');
            assertHeaders(answer, { private: true });
            const main = page.locator('[data-testid="subscription-subscribed"]');
            assert.equal(await main.getAttribute('data-refused'), 'false');
            assert.equal(await page.locator('h1').innerText(), 'Check your mailbox');
            assert.match(await main.innerText(),
                /If this address can be subscribed, a mail asking you to confirm is on its way\./);
            assert.equal(await page.locator('[data-testid="subscription-problem"]').count(), 0);
            await screenshot(page, `subscribed-${javaScript ? 'script' : 'no-script'}.png`);
            if (javaScript) {
                audits.push([`${QUERY_URL}/`, null, '/ (with the subscribe form)']);
                audits.push([page.url(), await answer.text(), 'the answer to POST /subscriptions/subscribe']);
            }
        });
        await check(`${how}: the address is pending, not confirmed`, async () => {
            const entry = await subscriber(address);
            assert.ok(entry, `${address} in the admin list`);
            assert.equal(entry.confirmedAt, null);
            assert.equal(entry.allComponents, true, 'no component chosen: the whole page');
        });
        if (javaScript) {
            await check('with JavaScript: no script errors on the way', async () => {
                assert.deepEqual(errors, []);
            });
        }
        await context.close();
    }
    await check('a malformed address is refused on the page, with its reason', async () => {
        const { context, page } = await newContext(browser, true);
        await page.goto(`${QUERY_URL}/`, { waitUntil: 'load' });
        // The browser's own check (type=email) would stop it first; a client without it is the case.
        await page.locator('#subscribe-email').evaluate(field => field.setAttribute('type', 'text'));
        await page.getByLabel('Email address').fill('not an address');
        const answer = await submit(page, '[data-testid="subscribe-button"]');
        assert.equal(answer.status(), 422);
        assertHeaders(answer, { private: true });
        assert.equal(await page.locator('h1').innerText(), 'The subscription was not made');
        assert.equal(await page.locator('[data-testid="subscription-problem"]').innerText(),
            'That does not look like an email address.');
        await context.close();
    });
}

// ---- confirm: the confirmation mail's link ----------------------------------------------------------------------

async function confirmPhase(browser) {
    for (const { address, url, javaScript } of seed.confirmations) {
        const how = javaScript ? 'with JavaScript' : 'without JavaScript';
        const { context, page, errors } = await newContext(browser, javaScript);
        await check(`${how}: the confirm link's GET shows a button and confirms nothing`, async () => {
            for (let visit = 1; visit <= 2; visit++) {
                const response = await page.goto(url, { waitUntil: 'load' });
                assert.equal(response.status(), 200, `GET ${url} (visit ${visit})`);
                assertHeaders(response, { private: true });
                assert.equal(await page.locator('h1').innerText(), 'Confirm your subscription');
                await page.locator('[data-testid="subscription-confirm-button"]').waitFor({ state: 'visible' });
                assert.equal((await subscriber(address))?.confirmedAt, null, `still unconfirmed after GET ${visit}`);
            }
            if (javaScript) {
                audits.push([url, null, 'the confirm page']);
            }
        });
        await check(`${how}: its button confirms: "Subscription confirmed", and the admin list says so`, async () => {
            const answer = await submit(page, '[data-testid="subscription-confirm-button"]');
            assert.equal(answer.status(), 200, 'POST /subscriptions/confirm');
            assertHeaders(answer, { private: true });
            assert.equal(await page.locator('[data-testid="subscription-done"]').getAttribute('data-done'), 'confirmed');
            assert.equal(await page.locator('h1').innerText(), 'Subscription confirmed');
            assert.match(await page.locator('main').innerText(),
                /You will be told of every change you subscribed to\. Each message carries a link to unsubscribe\./);
            const entry = await subscriber(address);
            assert.ok(entry?.confirmedAt, `${address} confirmed: ${JSON.stringify(entry)}`);
            await screenshot(page, `confirmed-${javaScript ? 'script' : 'no-script'}.png`);
            if (javaScript) {
                audits.push([page.url(), await answer.text(), 'the answer to POST /subscriptions/confirm']);
            }
        });
        if (javaScript) {
            await check('with JavaScript: no script errors on the way (before the expected 404)', async () => {
                assert.deepEqual(errors, []);
            });
        }
        await check(`${how}: the used link is no longer valid (404), and changes nothing`, async () => {
            const response = await page.goto(url, { waitUntil: 'load' });
            assert.equal(response.status(), 404);
            assertHeaders(response, { private: true });
            assert.equal(await page.locator('h1').innerText(), 'This link is no longer valid');
            assert.ok((await subscriber(address))?.confirmedAt, 'still confirmed');
            if (javaScript) {
                audits.push([url, null, 'the page of a used link']);
            }
        });
        await context.close();
    }
}

// ---- unsubscribe: a notification's List-Unsubscribe link --------------------------------------------------------

async function unsubscribePhase(browser) {
    const { address, url } = seed.page;
    const { context, page } = await newContext(browser, true);
    await check("the unsubscribe link's GET shows a button and deletes nothing", async () => {
        const response = await page.goto(url, { waitUntil: 'load' });
        assert.equal(response.status(), 200, `GET ${url}`);
        assertHeaders(response, { private: true });
        assert.equal(await page.locator('h1').innerText(), 'Unsubscribe');
        assert.match(await page.locator('main').innerText(),
            /Press the button to stop all messages and delete your address from this status page\./);
        await page.locator('[data-testid="subscription-unsubscribe-button"]').waitFor({ state: 'visible' });
        assert.ok(await subscriber(address), `${address} still subscribed after the GET`);
        audits.push([url, null, 'the unsubscribe page']);
    });
    await check('its button unsubscribes: "Unsubscribed", and the subscriber is gone from the admin list', async () => {
        const answer = await submit(page, '[data-testid="subscription-unsubscribe-button"]');
        assert.equal(answer.status(), 200, 'POST /subscriptions/unsubscribe');
        assertHeaders(answer, { private: true });
        assert.equal(await page.locator('[data-testid="subscription-done"]').getAttribute('data-done'), 'unsubscribed');
        assert.equal(await page.locator('h1').innerText(), 'Unsubscribed');
        assert.match(await page.locator('main').innerText(),
            /Your address has been deleted\. Nothing more will be sent to it\./);
        assert.equal(await subscriber(address), undefined, `${address} gone`);
        assert.ok(await subscriber(seed.oneClick.address), 'the other subscriber is still there');
        await screenshot(page, 'unsubscribed.png');
        audits.push([page.url(), await answer.text(), 'the answer to POST /subscriptions/unsubscribe']);
    });
    await check('the used unsubscribe link is no longer valid (404)', async () => {
        const response = await page.goto(url, { waitUntil: 'load' });
        assert.equal(response.status(), 404);
        assertHeaders(response, { private: true });
        assert.equal(await page.locator('h1').innerText(), 'This link is no longer valid');
    });
    await check('RFC 8058: a one-click POST to List-Unsubscribe deletes the other subscriber at once', async () => {
        const { address: other, url: oneClick } = seed.oneClick;
        assert.ok(await subscriber(other), `${other} subscribed before`);
        // What a mail client sends: the List-Unsubscribe-Post body, nothing else; the token is in the address.
        const response = await context.request.post(oneClick, { form: { 'List-Unsubscribe': 'One-Click' } });
        assert.equal(response.status(), 200);
        assert.equal(response.headers()['cache-control'], 'no-store');
        assert.equal(await subscriber(other), undefined, `${other} gone`);
    });
    await context.close();
}

// -----------------------------------------------------------------------------------------------------------------

const phases = { subscribe: subscribePhase, confirm: confirmPhase, unsubscribe: unsubscribePhase };
if (!phases[PHASE]) {
    console.error(`PHASE must be one of ${Object.keys(phases).join(', ')}, not ${PHASE}`);
    process.exit(2);
}
const chromium = await launchChromium(`subscription-${PHASE}`);
try {
    await phases[PHASE](chromium.browser);
    await auditAll(chromium.browser);
} finally {
    await chromium.close();
}

finish();
