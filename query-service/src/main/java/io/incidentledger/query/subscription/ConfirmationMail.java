package io.incidentledger.query.subscription;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import io.incidentledger.query.config.PageProperties;

/**
 * The one mail an unconfirmed address ever gets: the confirmation, with a text and an HTML part from templates.
 * It is handed to a small bounded pool only after the subscribing transaction commits, so that no SMTP
 * conversation ever runs while a database connection is held, and a mail is never sent for a row that was
 * rolled back. When the queue is full the mail is dropped with a warning: the address may subscribe again
 * after the resend interval (confirmation_sent_at), and a flood of subscriptions cannot exhaust memory.
 */
@Component
class ConfirmationMail {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationMail.class);

    private final ObjectProvider<JavaMailSender> senders;
    private final PageProperties page;
    private final String from;
    private final TemplateEngine templates = templates();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), new CustomizableThreadFactory("confirmation-mail-"));

    ConfirmationMail(ObjectProvider<JavaMailSender> senders, PageProperties page,
                     @Value("${incident-ledger.mail.from:${spring.mail.username:status@localhost}}") String from) {
        this.senders = senders;
        this.page = page;
        this.from = from;
    }

    /** True when spring.mail.host is set (Spring Boot then makes a JavaMailSender). */
    boolean configured() {
        return senders.getIfAvailable() != null;
    }

    /** Sends the confirmation after the current transaction commits (at once if there is none). */
    void sendAfterCommit(String address, String confirmUrl, String unsubscribeUrl) {
        Runnable send = () -> submit(address, confirmUrl, unsubscribeUrl);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }

    private void submit(String address, String confirmUrl, String unsubscribeUrl) {
        try {
            pool.execute(() -> send(address, confirmUrl, unsubscribeUrl));
        } catch (RejectedExecutionException e) {
            log.warn("confirmation mail queue full; a confirmation was not sent (the address may subscribe again)");
        }
    }

    private void send(String address, String confirmUrl, String unsubscribeUrl) {
        JavaMailSender sender = senders.getIfAvailable();
        if (sender == null) {
            return;
        }
        try {
            Context context = new Context(Locale.ENGLISH, Map.of("pageName", page.name(), "confirmUrl", confirmUrl,
                    "unsubscribeUrl", unsubscribeUrl));
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(address);
            helper.setSubject("Confirm your subscription to " + page.name() + " status");
            helper.setText(templates.process("subscription/confirmation-mail.txt", context),
                    templates.process("subscription/confirmation-mail.html", context));
            sender.send(message);
        } catch (Exception e) {
            // The address is personal data: it is not logged.
            log.warn("a confirmation mail could not be sent: {}", e.toString());
        }
    }

    private static TemplateEngine templates() {
        // The Spring engine evaluates expressions with SpEL, as the pages do (the plain engine would need OGNL).
        TemplateEngine engine = new SpringTemplateEngine();
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 1));
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 2));
        return engine;
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.getResolvablePatternSpec().addPattern(pattern);
        resolver.setOrder(order);
        resolver.setCheckExistence(true);
        return resolver;
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
