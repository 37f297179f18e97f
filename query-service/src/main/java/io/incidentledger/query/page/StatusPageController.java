package io.incidentledger.query.page;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

import io.incidentledger.query.caching.CacheProperties;
import io.incidentledger.query.caching.EncodedBody;
import io.incidentledger.query.config.PageProperties;

/**
 * The human status page, rendered on the server: the front page, one page per incident and per scheduled
 * maintenance, the incident history by
 * month and the incidents of one day (what a day of an uptime bar links to).
 */
@Controller
class StatusPageController {

    private final StatusPage page;
    private final FrontPageCache frontPage;
    private final HistoryPages history;
    private final PageProperties properties;
    private final ThymeleafViewResolver views;
    private final CacheProperties cache;

    StatusPageController(StatusPage page, FrontPageCache frontPage, HistoryPages history, PageProperties properties,
                         ThymeleafViewResolver views, CacheProperties cache) {
        this.page = page;
        this.frontPage = frontPage;
        this.history = history;
        this.properties = properties;
        this.views = views;
        this.cache = cache;
    }

    /** The zone the server writes times in, which the page's script names when it rewrites them. */
    @ModelAttribute("pageZone")
    String pageZone() {
        return properties.timeZone().getId();
    }

    /**
     * The front page, from its one rendering per version of its data: during an outage everyone reloads it at
     * once, and a template rendered per request served some 56 of them a second here. The answer carries its own
     * strong ETag, gzip when asked for, and the public Cache-Control.
     */
    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    void front(Model model, HttpServletRequest request, HttpServletResponse response) throws IOException {
        FrontPageCache.FrontPage front = frontPage.front();
        EncodedBody rendered = frontPage.rendered(front, () -> {
            model.addAttribute("view", front.view());
            model.addAttribute("dataAsOf", front.dataAsOf());
            return render("status", model, request, response);
        });
        // The same writer as the fast path's: one way to answer from a rendering, whichever path took the request.
        rendered.write(request, response, FrontPageFastPath.HTML, cache.cacheControl().getHeaderValue());
    }

    private byte[] render(String template, Model model, HttpServletRequest request, HttpServletResponse response) {
        try {
            View view = views.resolveViewName(template, Locale.ROOT);
            if (view == null) {
                throw new IllegalStateException("no template " + template);
            }
            CapturedResponse captured = new CapturedResponse(response);
            view.render(model.asMap(), request, captured);
            return captured.body();
        } catch (Exception e) {
            throw new IllegalStateException("could not render " + template, e);
        }
    }

    @GetMapping(path = "/incidents/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String incident(@PathVariable String id, Model model) {
        model.addAttribute("view", page.incident(id).orElseThrow(() -> new PageNotFoundException(id)));
        return "incident";
    }

    @GetMapping(path = "/maintenances/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String maintenance(@PathVariable String id, Model model) {
        model.addAttribute("view", page.maintenance(id).orElseThrow(() -> new PageNotFoundException(id)));
        return "maintenance";
    }

    /** {@code ?page=N}, 1 the newest; anything that is not a page there is is not found. */
    @GetMapping(path = "/history", produces = MediaType.TEXT_HTML_VALUE)
    String history(@RequestParam(name = "page", required = false) String number, Model model) {
        int n;
        try {
            n = number == null || number.isBlank() ? 1 : Integer.parseInt(number.trim());
        } catch (NumberFormatException e) {
            throw PageNotFoundException.page("history page " + number);
        }
        model.addAttribute("view", history.history(n)
                .orElseThrow(() -> PageNotFoundException.page("history page " + number)));
        return "history";
    }

    /** {@code /days/2026-11-24?component=api} or {@code ?group=Storefront}, or neither for every incident. */
    @GetMapping(path = "/days/{date}", produces = MediaType.TEXT_HTML_VALUE)
    String day(@PathVariable String date, @RequestParam(name = "component", required = false) String component,
               @RequestParam(name = "group", required = false) String group, Model model) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw PageNotFoundException.page("day " + date);
        }
        model.addAttribute("view", history.day(day, blankToNull(component), blankToNull(group))
                .orElseThrow(() -> PageNotFoundException.page("day " + date)));
        return "day";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
