package dev.celestial.earthquake;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.celestial.archive.ArchiveCutoff;
import dev.celestial.routing.ReadRouter;
import dev.celestial.web.CursorSigner;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The earthquake controller's own work, without a database: which parameters it accepts, the problem
 * it answers for each it refuses (naming the parameter), and that a refused request never reaches the
 * routing. What the queries return is the integration tests' part.
 */
@WebFluxTest(EarthquakeQueryController.class)
@Import(CursorSigner.class)
@EnableConfigurationProperties(QueryLimits.class)
@TestPropertySource(properties = {"celestial.query.max-limit=20000", "celestial.query.max-radius-km=20001.6",
        "celestial.query.max-box-degrees=360"})
class EarthquakeQueryControllerTests {

    @Autowired
    WebTestClient web;
    @MockitoBean
    ReadRouter router;
    @MockitoBean
    JsonRows rows;
    @MockitoBean
    ArchiveCutoff archive;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/earthquakes/nearby?lon=0&radiusKm=10                         | lat
            /api/v1/earthquakes/nearby?lat=90.5&lon=0&radiusKm=10                | lat
            /api/v1/earthquakes/nearby?lat=abc&lon=0&radiusKm=10                 | lat
            /api/v1/earthquakes/nearby?lat=0&lon=-180.01&radiusKm=10             | lon
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=20001.7              | radiusKm
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=-1                   | radiusKm
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=NaN                  | radiusKm
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&limit=20001       | limit
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&limit=0           | limit
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&orderBy=size      | orderBy
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&from=yesterday    | from
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&minMagnitude=11   | minMagnitude
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&includeArchive=1  | includeArchive
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&cursor=forged     | cursor
            /api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&radius=10         | radius
            /api/v1/earthquakes/nearby?lat=0&lat=1&lon=0&radiusKm=10             | lat
            /api/v1/earthquakes?minLat=10&maxLat=5&minLon=0&maxLon=1             | minLat,maxLat
            /api/v1/earthquakes?minLat=0&maxLat=1&minLon=0                       | maxLon
            /api/v1/earthquakes?minLat=0&maxLat=1&minLon=0&maxLon=1&orderBy=distance | orderBy
            /api/v1/earthquakes/significant?limit=-1                             | limit
            /api/v1/earthquakes/ci123?includeArchive=yes                         | includeArchive
            """)
    void aRefusedParameterIsA400ProblemNamingItAndNothingIsRead(String uri, String parameter) {
        web.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.parameter").isEqualTo(parameter)
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").isNotEmpty();
        verifyNoInteractions(router, rows);
    }

    @Test
    void anAcceptedRadiusQueryGoesToTheRoutingWithItsConsistencyTokenAndAnswersGeoJson() {
        when(router.read(any(), any(), any())).thenReturn(Flux.empty());
        web.get().uri("/api/v1/earthquakes/nearby?lat=35.5&lon=-120.25&radiusKm=100&from=2024-01-01T00:00:00Z&orderBy=distance")
                .header("Consistency-Token", "0/16B3748")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(EarthquakeQueryController.GEO_JSON);
        verify(router).read(any(), eq("0/16B3748"), any());
    }

    @Test
    void acceptJsonAsksForPlainRecords() {
        when(router.read(any(), any(), any())).thenReturn(Flux.empty());
        web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    void anUnknownEarthquakeIsA404Problem() {
        when(router.read(any(), any(), any())).thenReturn(Flux.empty());
        web.get().uri("/api/v1/earthquakes/ci404").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("no earthquake ci404");
    }
}
