/*
 * Times in the reader's own time zone. The server writes every time in the page's zone, as
 * <time datetime="2026-11-24T09:00:00Z">24 Nov 2026, 09:00 UTC</time>; this rewrites the words of each one that
 * carries a time of day to the browser's zone, keeps the server's words in its title, and rewrites the note
 * (data-testid="time-zone-note") to say which zone the times are now in. Dates alone (the day headings, the
 * uptime bars) stay in the page's zone: that is where the days are cut. Without JavaScript, or without Intl,
 * the page keeps the server's zone and its note says so. Runs again whenever live.js swaps in a fresh <main>.
 */
(function () {
    'use strict';
    if (!window.Intl || !Intl.DateTimeFormat || !document.querySelectorAll) {
        return;
    }
    var zone;
    var format;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        format = new Intl.DateTimeFormat('en-US', {
            timeZone: zone, year: 'numeric', month: 'short', day: 'numeric',
            hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short'
        });
    } catch (e) {
        return;
    }
    if (!zone || !format.formatToParts) {
        return;
    }
    /* A time of day with an offset or Z: a date alone, or a month, is left as the server wrote it. */
    var INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

    /* The server's shape, "24 Nov 2026, 04:00 EST", in the browser's zone. */
    function words(date) {
        var parts = {};
        format.formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
        var hour = parts.hour === '24' ? '00' : parts.hour;
        return parts.day + ' ' + parts.month + ' ' + parts.year + ', ' + hour + ':' + parts.minute + ' '
            + parts.timeZoneName;
    }

    function localise(root) {
        var times = root.querySelectorAll('time[datetime]');
        for (var i = 0; i < times.length; i++) {
            var element = times[i];
            var iso = element.getAttribute('datetime');
            if (element.hasAttribute('data-local') || !INSTANT.test(iso)) {
                continue;
            }
            var date = new Date(iso);
            if (isNaN(date.getTime())) {
                continue;
            }
            var server = element.textContent;
            element.textContent = words(date);
            element.setAttribute('data-local', zone);
            element.setAttribute('data-server-text', server);
            if (!element.hasAttribute('title')) {
                element.setAttribute('title', server);
            }
        }
        var notes = root.querySelectorAll('[data-testid="time-zone-note"]');
        for (var j = 0; j < notes.length; j++) {
            var pageZone = notes[j].getAttribute('data-page-zone') || 'the page\u2019s time zone';
            notes[j].textContent = zone === pageZone
                ? 'Times are shown in your time zone, ' + zone + '.'
                : 'Times are shown in your time zone, ' + zone + ' (dates of days and uptime bars follow '
                    + pageZone + ').';
            notes[j].setAttribute('data-local', zone);
        }
        document.documentElement.setAttribute('data-local-time', zone);
    }

    function run() {
        localise(document);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', run);
    } else {
        run();
    }
    document.addEventListener('statuspage:refreshed', run);
}());
