package dev.celestial.risk;

import java.time.LocalDate;

/** An object under impact monitoring, as JPL Sentry summarises it. */
public record ImpactRisk(String designation, String fullName, Double impactProbability, Double palermoCumulative,
                         Double palermoMax, Integer torinoMax, Integer impactCount, Integer yearFrom, Integer yearTo,
                         LocalDate lastObserved, Double lastObservedJd, Double diameterKm, Double vInfKms, Double h) {
}
