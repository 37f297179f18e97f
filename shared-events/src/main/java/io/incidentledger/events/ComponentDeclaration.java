package io.incidentledger.events;

/**
 * An incident's statement about one component: "from now on, as far as this incident is concerned,
 * {@code componentId} is {@code status}", optionally for only part of its users ("about 30% of apps").
 *
 * @param affectedFraction in (0, 1], or {@code null} when the commander did not say (each accounting profile
 *                         decides how to weigh that: the query side does not guess "everyone")
 */
public record ComponentDeclaration(String componentId, ComponentStatus status, Double affectedFraction) {

    public static ComponentDeclaration of(String componentId, ComponentStatus status) {
        return new ComponentDeclaration(componentId, status, null);
    }
}
