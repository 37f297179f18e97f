package io.incidentledger.query.page;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The human status page: the front page and one page per incident, rendered on the server. */
@Controller
class StatusPageController {

    private final StatusPage page;
    private final FrontPageCache frontPage;

    StatusPageController(StatusPage page, FrontPageCache frontPage) {
        this.page = page;
        this.frontPage = frontPage;
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
}
