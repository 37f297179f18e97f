package io.incidentledger.query.delivery;

import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a message as an email: text and HTML parts from templates/mail/notification-*, the unsubscribe link in
 * both and in List-Unsubscribe (one click, RFC 8058).
 */
@Component
class EmailSender {

    private final ObjectProvider<JavaMailSender> mail;
    private final JsonMapper json;
    private final String from;
    // Its own engine (SpEL, as the page's): the page's resolves HTML under templates/, not the text part.
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    EmailSender(ObjectProvider<JavaMailSender> mail, JsonMapper json,
                @Value("${incident-ledger.mail.from:${spring.mail.username:status@localhost}}") String from) {
        this.mail = mail;
        this.json = json;
        this.from = from;
        templates.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
        templates.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setResolvablePatterns(Set.of(mode == TemplateMode.TEXT ? "*-text" : "*-html"));
        resolver.setOrder(order);
        resolver.setCheckExistence(true);
        return resolver;
    }

    Outcome send(DueMessage message) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return Outcome.failed(null, "no mail server configured (spring.mail.host)");
        }
        try {
            JsonNode body = json.readTree(message.body());
            String unsubscribe = body.path("meta").path("unsubscribe").asString();
            Context context = new Context();
            context.setVariables(Map.of("subject", subject(body), "lines", lines(body), "unsubscribe", unsubscribe));
            MimeMessage mime = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(message.address());
            helper.setSubject(subject(body));
            helper.setText(templates.process("notification-text", context), templates.process("notification-html", context));
            mime.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            mime.setHeader("Message-ID", "<" + message.messageId() + "@incident-ledger>");
            sender.send(mime);
            return Outcome.delivered(250);
        } catch (Exception failure) {
            return Outcome.failed(null, failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
    }

    private static String subject(JsonNode body) {
        if (body.has("incident")) {
            JsonNode incident = body.get("incident");
            return "[" + incident.path("status").asString() + "] " + incident.path("name").asString();
        }
        if (body.has("component_update")) {
            return body.path("component").path("name").asString() + " is "
                    + body.path("component_update").path("new_status").asString().replace('_', ' ');
        }
        return "Status update";
    }

    private static java.util.List<String> lines(JsonNode body) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (body.has("incident")) {
            JsonNode updates = body.get("incident").path("incident_updates");
            if (updates.isArray() && !updates.isEmpty()) {
                lines.add(updates.get(0).path("body").asString());
            }
            JsonNode incident = body.get("incident");
            if (incident.hasNonNull("scheduled_for")) { // a maintenance: when, which is what a reader plans by
                lines.add("Scheduled: " + incident.path("scheduled_for").asString() + " to "
                        + incident.path("scheduled_until").asString() + " (UTC)");
            }
            lines.add("Impact: " + incident.path("impact").asString());
        }
        if (body.has("component_update")) {
            JsonNode update = body.get("component_update");
            lines.add(body.path("component").path("name").asString() + ": "
                    + update.path("old_status").asString() + " -> " + update.path("new_status").asString());
        }
        return lines;
    }
}
