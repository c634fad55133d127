package io.falcocorrelator.mapping;

/** One group an alert evidences, and the mapping entry that said so. */
public record GroupHit(ActivityGroup group, String mappingId) {}
