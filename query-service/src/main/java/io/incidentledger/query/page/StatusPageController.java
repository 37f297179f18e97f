package io.incidentledger.query.page;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

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

    StatusPageController(StatusPage page, FrontPageCache frontPage, HistoryPages history, PageProperties properties) {
        this.page = page;
        this.frontPage = frontPage;
        this.history = history;
        this.properties = properties;
    }

    /** The zone the server writes times in, which the page's script names when it rewrites them. */
    @ModelAttribute("pageZone")
    String pageZone() {
        return properties.timeZone().getId();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String front(Model model) {
        FrontPageCache.FrontPage front = frontPage.front();
        model.addAttribute("view", front.view());
        model.addAttribute("dataAsOf", front.dataAsOf());
        return "status";
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
