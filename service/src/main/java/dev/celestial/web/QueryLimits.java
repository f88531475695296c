package dev.celestial.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.server.ServerWebExchange;

/**
 * How much one read may ask for. Every query endpoint reads its parameters through {@link #params}, so
 * a {@code limit}, radius or box beyond these is a 400 naming the parameter. The FDSN service keeps
 * its specification's own bounds.
 *
 * @param maxLimit largest {@code limit} of a page or list
 * @param maxRadiusKm largest radius of a radius query (20001.6 km reaches the antipode)
 * @param maxBoxDegrees largest span of a bounding box, in latitude and in longitude
 * @param cursorKey the key page cursors are signed with ({@link CursorSigner}), base64 or plain text;
 *                  unset, a random one per start
 */
@Validated
@ConfigurationProperties("celestial.query")
public record QueryLimits(@Min(1) @Max(1_000_000) int maxLimit,
                          @DecimalMin("0.001") @DecimalMax("20001.6") double maxRadiusKm,
                          @DecimalMin("0.001") @DecimalMax("360") double maxBoxDegrees,
                          String cursorKey) {

    /** Never the key: this record may be logged or shown. */
    @Override
    public String toString() {
        return "QueryLimits[maxLimit=" + maxLimit + ", maxRadiusKm=" + maxRadiusKm + ", maxBoxDegrees=" + maxBoxDegrees
                + ", cursorKey=" + (cursorKey == null || cursorKey.isBlank() ? "unset" : "(set)") + "]";
    }

    public QueryParams params(ServerWebExchange exchange) {
        return new QueryParams(exchange.getRequest().getQueryParams(), this);
    }
}
