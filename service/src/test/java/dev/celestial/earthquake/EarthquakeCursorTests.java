package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.earthquake.EarthquakeQueries.Cursor;
import dev.celestial.earthquake.EarthquakeQueries.Order;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.CursorSigner;
import dev.celestial.web.QueryLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A cursor decodes only for its own order, and only with a sort value of that order's type. */
class EarthquakeCursorTests {

    final CursorSigner signer = new CursorSigner(new QueryLimits(100, 100, 100, "a plain text key, forty-two characters long"));

    void refused(String content, Order order) {
        String cursor = signer.sign(content.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Cursor.decode(cursor, order, signer)).as(content).isInstanceOfSatisfying(BadParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo("cursor"));
    }

    @Test
    void roundTripsInItsOwnOrder() {
        for (Cursor cursor : new Cursor[] {new Cursor(Order.TIME, "2024-01-01T00:00:00.123456Z", "a"),
                new Cursor(Order.TIME_ASC, "2024-01-01T00:00:00Z", "b"), new Cursor(Order.MAGNITUDE, "-100.0", "c"),
                new Cursor(Order.DISTANCE, "1234.5678", "d")}) {
            assertThat(Cursor.decode(cursor.encode(signer), cursor.order(), signer)).isEqualTo(cursor);
        }
    }

    @Test
    void refusesAnotherOrdersCursorAndValuesOfTheWrongType() {
        refused("time\n2024-01-01T00:00:00Z\na", Order.TIME_ASC);
        refused("magnitude\n4.5\na", Order.DISTANCE);
        refused("time\n4.5\na", Order.TIME);
        refused("time\n2024-01-01'); DROP TABLE x; --\na", Order.TIME);
        refused("magnitude\nNaN\na", Order.MAGNITUDE);
        refused("distance\nInfinity\na", Order.DISTANCE);
        refused("magnitude\n4.5\n", Order.MAGNITUDE);
        refused("magnitude\n4.5", Order.MAGNITUDE);
        refused("magnitude\n4.5\na\nb", Order.MAGNITUDE);
    }
}
