package io.incidentledger.query.subscription;

import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The public subscribe body: exactly one of an email address or a webhook URL, and optionally some components. */
public record SubscriptionRequest(
        @Email @Size(max = 320) String email,
        @Size(max = 2048) String webhook,
        @Size(max = 200) List<@NotBlank @Size(max = 255) String> components) {

    @AssertTrue(message = "give exactly one of email or webhook")
    public boolean isOneChannel() {
        return (email == null || email.isBlank()) != (webhook == null || webhook.isBlank());
    }

    boolean wholePage() {
        return components == null || components.isEmpty();
    }
}
