package io.incidentledger.command.inputguard;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import java.time.Instant;

/**
 * Request bodies are read strictly, beyond what {@code spring.jackson.*} can say: a number or boolean is not
 * a string ({@code "name": 42}), a fraction is not an integer ({@code "position": 1.5} is not 1), an instant
 * is an ISO-8601 string, never a bare epoch number, and a field appears at most once. Type confusion is a
 * 400, not a guess.
 *
 * <p>This customizes only Spring's JSON mapper (HTTP bodies); Axon's event serializer builds its own.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                // {"id": "a", "id": "b"} means different things to different parsers: refuse it.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .addModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new IsoInstantOnly()));
    }

    /** Reads an instant from an ISO-8601 string only; numbers, arrays and objects are the wrong type. */
    static final class IsoInstantOnly extends StdDeserializer<Instant> {

        IsoInstantOnly() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                return InstantDeserializer.INSTANT.deserialize(parser, context);
            }
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
    }
}
