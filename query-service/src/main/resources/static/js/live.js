/*
 * Keeps the status page live without a reload: each message on /api/stream is news (an incident or maintenance
 * changed, a component's status moved), so the page is fetched again and its <main> swapped in. Without JavaScript the page is complete as served; with it
 * nothing is built in the browser, so what a reader sees is always what the server rendered.
 */
(function () {
    'use strict';
    if (!('EventSource' in window) || !window.fetch || !window.DOMParser) {
        return;
    }
    var root = document.documentElement;
    var scheduled = null;
    var loading = false;
    var again = false;

    function swap(html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var next = fresh.querySelector('main');
        var current = document.querySelector('main');
        if (next && current) {
            keepFolds(current, next);
            current.replaceWith(document.importNode(next, true));
            document.title = fresh.title || document.title;
            root.setAttribute('data-refreshed-at', String(Date.now()));
            /* local-time.js rewrites the fresh times into the reader's zone. */
            document.dispatchEvent(new CustomEvent('statuspage:refreshed'));
        }
    }

    /* A group the reader opened or closed stays so; the others take the state the server gives them. */
    var folded = {};
    document.addEventListener('toggle', function (event) {
        var group = event.target.closest && event.target.closest('[data-group]');
        if (group && event.target.matches('details') && event.isTrusted) {
            folded[group.getAttribute('data-group')] = event.target.open;
        }
    }, true);

    function keepFolds(current, next) {
        var groups = next.querySelectorAll('[data-group]');
        for (var i = 0; i < groups.length; i++) {
            var name = groups[i].getAttribute('data-group');
            var details = groups[i].querySelector('details');
            if (details && Object.prototype.hasOwnProperty.call(folded, name)) {
                details.open = folded[name];
            }
        }
    }

    function refresh() {
        if (loading) {
            again = true; // a change arrived mid-fetch: fetch once more when this one is done
            return;
        }
        loading = true;
        fetch(window.location.href, {headers: {'Accept': 'text/html'}, cache: 'no-cache', credentials: 'same-origin'})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error('status page answered ' + response.status);
                }
                return response.text();
            })
            .then(swap)
            .catch(function () { /* keep what is shown; the next message tries again */ })
            .then(function () {
                loading = false;
                if (again) {
                    again = false;
                    refresh();
                }
            });
    }

    /* Several messages in a burst (an update moving three components) cost one fetch. */
    function schedule() {
        if (scheduled === null) {
            scheduled = window.setTimeout(function () {
                scheduled = null;
                refresh();
            }, 100);
        }
    }

    var source = new EventSource('/api/stream');
    source.addEventListener('open', function () { root.setAttribute('data-stream', 'open'); });
    source.addEventListener('error', function () { root.setAttribute('data-stream', 'reconnecting'); });
    source.addEventListener('incident', schedule);
    source.addEventListener('maintenance', schedule);
    source.addEventListener('component_update', schedule);
    source.addEventListener('message', schedule);
    /* We fell too far behind for the server to replay what we missed: start again from a full page. */
    source.addEventListener('reset', function () { window.location.reload(); });
}());
