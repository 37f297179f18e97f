package io.incidentledger.query.subscription;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells the status page whether to offer its subscribe form: only when mail is configured, since an email
 * subscription is refused otherwise. A flag from configuration, not a database read: the page is served from
 * memory when the database is down, and must stay so.
 */
@ControllerAdvice(basePackages = "io.incidentledger.query.page")
class SubscribeFormAdvice {

    private final ConfirmationMail mail;

    SubscribeFormAdvice(ConfirmationMail mail) {
        this.mail = mail;
    }

    @ModelAttribute("subscribeByMail")
    boolean subscribeByMail() {
        return mail.configured();
    }
}
