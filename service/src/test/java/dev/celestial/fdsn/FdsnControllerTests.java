package dev.celestial.fdsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.celestial.archive.ArchiveCutoff;
import dev.celestial.routing.ReadRouter;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FDSN service's parameters as its specification has them, without a database: each refusal is the
 * specification's plain-text error naming the parameter, and nothing is read for it. Matching and the
 * {@code nodata} answers are {@link FdsnIntegrationTests}' part.
 */
@WebFluxTest(FdsnController.class)
@Import(FdsnControllerTests.Json.class)
class FdsnControllerTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Json {
        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }
    }

    @Autowired
    WebTestClient web;
    @MockitoBean
    ReadRouter router;
    @MockitoBean
    ArchiveCutoff archive;

    @BeforeEach
    void now() {
        when(archive.now()).thenReturn(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            minlatitude=100                                   | minlatitude
            maxradius=181&latitude=0&longitude=0              | maxradius
            maxradiuskm=20002&latitude=0&longitude=0          | maxradiuskm
            maxradius=1&maxradiuskm=1&latitude=0&longitude=0  | maxradiuskm
            maxradiuskm=10                                    | latitude
            limit=20001                                       | limit
            orderby=size                                      | orderby
            format=quakeml                                    | format
            starttime=yesterday                               | starttime
            colour=red                                        | colour
            minmag=1&minmagnitude=2                           | minmag
            offset=0                                          | offset
            mindepth=5&maxdepth=1                             | mindepth,maxdepth
            starttime=2024-02-01&endtime=2024-01-01           | starttime,endtime
            start=2024-02-01&end=2024-01-01                   | start,end
            minmagnitude=5&maxmagnitude=4                     | minmagnitude,maxmagnitude
            minmag=5&maxmag=4                                 | minmag,maxmag
            minlatitude=10&maxlatitude=0                      | minlatitude,maxlatitude
            minlongitude=10&maxlongitude=0                    | minlongitude,maxlongitude
            minlongitude=200                                  | minlongitude,maxlongitude
            minradius=2&maxradius=1&latitude=0&longitude=0    | minradius,maxradius
            minradiuskm=20&maxradiuskm=10&latitude=0&longitude=0 | minradiuskm,maxradiuskm
            """)
    void aRefusedParameterIsTheSpecificationsPlainTextErrorNamingIt(String query, String parameter) {
        for (String path : new String[] {"/fdsnws/event/1/query?", "/fdsnws/event/1/count?"}) {
            String body = web.get().uri(path + query).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).as(path + query).startsWith("Error 400: Bad Request\n\n" + parameter + ":")
                    .contains("Request:\n", path + query, "Service version:\n" + FdsnController.VERSION);
        }
        verifyNoInteractions(router);
    }

    @Test
    void versionNeedsNoDatabase() {
        web.get().uri("/fdsnws/event/1/version").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(FdsnController.VERSION);
        verifyNoInteractions(router);
    }
}
