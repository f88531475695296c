package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

class HostListTests {

    @Test
    void aHostListMakesAFailoverUrlKeepingDatabaseAndDriverOptions() {
        String url = HostList.url("r2dbc:postgresql://db:5432/celestial?sslMode=require", "a:15432, b:15433", HostList.PRIMARY);
        assertThat(url).isEqualTo("r2dbc:postgresql:failover://a:15432,b:15433/celestial?sslMode=require&targetServerType=primary");
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
        assertThat(options.getValue(ConnectionFactoryOptions.PROTOCOL)).isEqualTo("failover");
        assertThat(options.getValue(ConnectionFactoryOptions.DATABASE)).isEqualTo("celestial");
    }

    @Test
    void withoutHostsTheUrlIsUnchanged() {
        assertThat(HostList.url("r2dbc:postgresql://db:5432/celestial", "", HostList.PREFER_SECONDARY))
                .isEqualTo("r2dbc:postgresql://db:5432/celestial");
        assertThat(HostList.url("r2dbc:postgresql://u@db/celestial", "a:1,b:2", HostList.PREFER_SECONDARY))
                .isEqualTo("r2dbc:postgresql:failover://u@a:1,b:2/celestial?targetServerType=preferSecondary");
    }
}
