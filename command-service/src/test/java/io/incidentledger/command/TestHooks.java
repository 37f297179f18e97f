package io.incidentledger.command;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Request headers only tests send, to reach states a plain HTTP client cannot: a request held while it runs, a
 * failure inside the command's unit of work (before its transaction commits), a failure after the command
 * committed. Imported by {@link HttpApiTest}, so every HTTP test shares the one context that has them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestHooks {

    /** Holds the request, after the Idempotency-Key is claimed, until {@link Hold#release()}. */
    public static final String HOLD = "X-Test-Hold";
    /** Fails the request after the command was handled and committed, before its answer is sent. */
    public static final String FAIL_AFTER_COMMAND = "X-Test-Fail-After-Command";
    /** Fails the command in its unit of work's prepare-commit phase: its transaction rolls back. */
    public static final String FAIL_BEFORE_COMMIT = "X-Test-Fail-Before-Commit";

    private static final Map<String, Hold> HOLDS = new ConcurrentHashMap<>();

    /** A named hold: {@link #awaitHeld()} returns once a request carrying it is held. */
    public record Hold(CountDownLatch held, CountDownLatch released) {

        public static Hold named(String name) {
            return HOLDS.computeIfAbsent(name, n -> new Hold(new CountDownLatch(1), new CountDownLatch(1)));
        }

        public boolean awaitHeld() throws InterruptedException {
            return held.await(30, TimeUnit.SECONDS);
        }

        public void release() {
            released.countDown();
        }
    }

    /**
     * Per maintenance series, whether a database transaction was open on the thread while the occurrence scheduler
     * handled its planned occurrences (and waited for their commands).
     */
    public static final Map<String, Boolean> OCCURRENCES_HANDLED_IN_TRANSACTION = new ConcurrentHashMap<>();

    @Bean
    org.axonframework.config.ConfigurerModule recordOccurrenceSchedulerTransactions() {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor("maintenance-occurrences",
                config -> (MessageHandlerInterceptor<org.axonframework.eventhandling.EventMessage<?>>)
                        (unitOfWork, chain) -> {
                            if (unitOfWork.getMessage().getPayload()
                                    instanceof io.incidentledger.events.maintenance.MaintenanceOccurrencesPlanned planned) {
                                OCCURRENCES_HANDLED_IN_TRANSACTION.put(planned.seriesId(), org.springframework
                                        .transaction.support.TransactionSynchronizationManager
                                        .isActualTransactionActive());
                            }
                            return chain.proceed();
                        });
    }

    /** Fails a command whose request carries {@link #FAIL_BEFORE_COMMIT}, after its events are staged. */
    @Bean
    Object failBeforeCommit(CommandBus commandBus) {
        MessageHandlerInterceptor<CommandMessage<?>> failing = (unitOfWork, chain) -> {
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                    && request.getRequest().getHeader(FAIL_BEFORE_COMMIT) != null) {
                unitOfWork.onPrepareCommit(work -> {
                    throw new IllegalStateException("test hook: failing the command before its commit");
                });
            }
            return chain.proceed();
        };
        return commandBus.registerHandlerInterceptor(failing);
    }

    /** After the idempotency filter (order 0), so with its claim held. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> testHoldAndFail() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                String hold = request.getHeader(HOLD);
                if (hold != null) {
                    Hold named = Hold.named(hold);
                    named.held().countDown();
                    try {
                        if (!named.released().await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("hold " + hold + " never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                chain.doFilter(request, response);
                if (request.getHeader(FAIL_AFTER_COMMAND) != null) {
                    throw new IllegalStateException("test hook: failing after the command, before the answer");
                }
            }
        });
        registration.setOrder(50);
        return registration;
    }
}
