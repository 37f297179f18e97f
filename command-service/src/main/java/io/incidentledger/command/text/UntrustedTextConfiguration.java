package io.incidentledger.command.text;

import io.incidentledger.command.text.UntrustedText;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string a request body carries, field value or object key, is checked as Jackson reads it: control
 * characters and unpaired surrogates are a 400 naming the field ({@link UntrustedText}), whichever endpoint
 * the body was sent to, so no command can carry them into the event store. JSON allows them escaped
 * ({@code "\u0000"}); we do not.
 */
@Configuration(proxyBeanMethods = false)
class UntrustedTextConfiguration {

    @Bean
    JsonMapperBuilderCustomizer untrustedText() {
        return builder -> builder.addModule(new SimpleModule("untrusted-text")
                .addDeserializer(String.class, new CheckedStrings())
                .addKeyDeserializer(String.class, new CheckedKeys()));
    }

    /** Reads a string as Jackson would (coercion rules included), then refuses unacceptable characters. */
    static final class CheckedStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            return checked(super.deserialize(parser, context));
        }
    }

    static final class CheckedKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            return checked(key);
        }
    }

    /** The message is written for clients: the error handler puts it after the field's name. */
    private static String checked(String text) {
        String problem = text == null ? null : UntrustedText.problemInText(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return text;
    }
}
