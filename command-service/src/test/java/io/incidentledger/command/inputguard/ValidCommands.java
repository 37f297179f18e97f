package io.incidentledger.command.inputguard;

import io.incidentledger.command.text.UntrustedText;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every command that leaves a controller must satisfy, whatever the request looked like: the contract
 * the request records promise the aggregates. Checked by reflection over the command record, so a command
 * added later is held to the general rules (clean text, bounded sizes) without a change here.
 */
final class ValidCommands {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Fields shown on one line. */
    private static final Set<String> SINGLE_LINE = Set.of("title", "name", "group");
    /** Fields that may be absent (unchanged) but, when given, are never blank. */
    private static final Set<String> NAMED = Set.of("title", "name");
    /** Fields a command never carries blank or absent. */
    private static final Set<String> REQUIRED_TEXT = Set.of("title", "message", "body");
    private static final int MAX_TEXT = 200_000;
    private static final int MAX_DECLARATIONS = 200;

    private ValidCommands() {
    }

    static void assertValid(Object command) {
        assertThat(command.getClass().isRecord()).as("%s is a record", command.getClass()).isTrue();
        check(command, true);
    }

    private static void check(Object record, boolean topLevel) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String name = component.getName();
            Object value = read(record, component);
            String where = record.getClass().getSimpleName() + "." + name;
            if (value instanceof String text) {
                assertThat(UntrustedText.problemInText(text)).as("%s = %s", where, text).isNull();
                assertThat(text.length()).as("length of %s", where).isLessThanOrEqualTo(MAX_TEXT);
                if (topLevel && name.endsWith("Id")) {
                    assertThat(text).as(where).matches(ID);
                }
                if (!topLevel && name.endsWith("Id")) {
                    assertThat(UntrustedText.problemInSingleLine(text)).as("%s = %s", where, text).isNull();
                    assertThat(text.length()).as("length of %s", where).isLessThanOrEqualTo(64);
                }
                if (SINGLE_LINE.contains(name)) {
                    assertThat(UntrustedText.problemInSingleLine(text)).as("%s = %s", where, text).isNull();
                    assertThat(text.length()).as("length of %s", where).isLessThanOrEqualTo(200);
                }
                if (NAMED.contains(name)) {
                    assertThat(text).as("%s, when given", where).isNotBlank();
                }
            }
            if (REQUIRED_TEXT.contains(name)) {
                assertThat(value).as(where).isInstanceOf(String.class);
                assertThat((String) value).as(where).isNotBlank();
            }
            if (name.endsWith("Id") && topLevel) {
                assertThat(value).as(where).isNotNull();
            }
            if ("impact".equals(name) || ("status".equals(name) && !topLevel)) {
                assertThat(value).as(where).isNotNull();
            }
            if ("affectedFraction".equals(name) && value != null) {
                assertThat((Double) value).as(where).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
            }
            if ("position".equals(name) && value != null) {
                assertThat((Integer) value).as(where).isBetween(0, 1_000_000);
            }
            if (value instanceof Collection<?> items) {
                assertThat(items.size()).as("size of %s", where).isLessThanOrEqualTo(MAX_DECLARATIONS);
                items.forEach(item -> {
                    assertThat(item).as("element of %s", where).isNotNull();
                    if (item.getClass().isRecord()) {
                        check(item, false);
                    }
                });
            }
            if (value != null && value.getClass().isRecord()) {
                check(value, false);
            }
        }
    }

    private static Object read(Object record, RecordComponent component) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
