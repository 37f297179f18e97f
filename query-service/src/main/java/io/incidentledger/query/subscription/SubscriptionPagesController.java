package io.incidentledger.query.subscription;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.ErrorResponseException;

import io.incidentledger.query.config.PageProperties;

/**
 * The pages behind the links in the mails. A GET only shows one button, because mail scanners follow links; the
 * button's POST acts. No session and no CSRF token (the service is stateless, CSRF is off in LedgerSecurity): the
 * unguessable token in the form is what authorises, and a forged cross-site POST would have to know it. The
 * unsubscribe POST also accepts RFC 8058's one-click body (List-Unsubscribe=One-Click), which needs no other field.
 */
@Controller
class SubscriptionPagesController {

    private final SubscriptionService subscriptions;
    private final PageProperties page;
    private final SubscriptionRate rate;
    private final Validator validator;

    SubscriptionPagesController(SubscriptionService subscriptions, PageProperties page, SubscriptionRate rate,
                                Validator validator) {
        this.subscriptions = subscriptions;
        this.page = page;
        this.rate = rate;
        this.validator = validator;
    }

    /**
     * The status page's form, which works without JavaScript: the same rules, rate and answer as POST
     * /api/subscribers, told as a small page. The answer is the same whether or not the address was known.
     */
    @PostMapping("/subscriptions/subscribe")
    String subscribe(@RequestParam(required = false) String email,
                     @RequestParam(required = false) List<String> components,
                     Model model, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        try {
            // Validated before the rate is spent, as the API's @Valid body is: a malformed post costs no allowance.
            SubscriptionRequest body = new SubscriptionRequest(email == null ? "" : email.strip(), null, components);
            if (email == null || email.isBlank() || !validator.validate(body).isEmpty()) {
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                model.addAttribute("problem", "That does not look like an email address.");
                return view(model, "subscription/subscribed");
            }
            rate.spend(request.getRemoteAddr());
            subscriptions.subscribe(body);
            response.setStatus(HttpStatus.ACCEPTED.value());
        } catch (ErrorResponseException refused) {
            response.setStatus(refused.getStatusCode().value());
            refused.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
            model.addAttribute("problem", refused.getBody().getDetail());
        }
        return view(model, "subscription/subscribed");
    }

    @GetMapping("/subscriptions/confirm")
    String confirmPage(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        noStore(response);
        if (token == null || !subscriptions.isPendingConfirmation(token)) {
            return unknown(model, response);
        }
        model.addAttribute("token", token);
        return view(model, "subscription/confirm");
    }

    @PostMapping("/subscriptions/confirm")
    String confirm(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        noStore(response);
        if (token == null || !subscriptions.confirm(token)) {
            return unknown(model, response);
        }
        model.addAttribute("done", "confirmed");
        return view(model, "subscription/done");
    }

    @GetMapping("/subscriptions/unsubscribe")
    String unsubscribePage(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        noStore(response);
        if (token == null || !subscriptions.exists(token)) {
            return unknown(model, response);
        }
        model.addAttribute("token", token);
        return view(model, "subscription/unsubscribe");
    }

    /** The form's button and RFC 8058's one-click POST alike (its body names no token: the query string does). */
    @PostMapping("/subscriptions/unsubscribe")
    String unsubscribe(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        noStore(response);
        if (token == null || !subscriptions.unsubscribe(token)) {
            return unknown(model, response);
        }
        model.addAttribute("done", "unsubscribed");
        return view(model, "subscription/done");
    }

    private String unknown(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return view(model, "subscription/unknown");
    }

    private String view(Model model, String name) {
        model.addAttribute("pageName", page.name());
        return name;
    }

    /** The token in the address is a credential: not cached, not sent on as a referrer. */
    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
