package io.incidentledger.command.dispatch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How often a command that lost the race for its aggregate's next version (to another instance) is sent again,
 * and how long it backs off in between: {@code delay} plus up to as much jitter, doubling up to
 * {@code maxDelay}. A loss means another command just landed, so the system as a whole always progresses; the
 * bound only caps how long one unlucky request may keep losing (about 2 s with the defaults) before it is
 * answered 503 with {@code Retry-After}.
 *
 * @param maxRetries attempts after the first
 * @param delay      the first back-off
 * @param maxDelay   the longest back-off
 */
@ConfigurationProperties("incident-ledger.commands.race-retry")
public record CommandRetryProperties(@DefaultValue("16") int maxRetries,
                                     @DefaultValue("5ms") Duration delay,
                                     @DefaultValue("200ms") Duration maxDelay) {
}
