package dev.celestial.ingest;

import static dev.celestial.ingest.Bodies.cutAt;
import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.utf8;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class BodyReaderTests {

    static final BodyReader READER = Bodies.reader();
    /** Lines and records of at most 64 bytes, bodies of 256, native documents of 128. */
    static final BodyReader SMALL = Bodies.reader(Bodies.limits(DataSize.ofBytes(256), DataSize.ofBytes(64), DataSize.ofBytes(128)));

    /** Multi-byte UTF-8: two-byte Ñ, three-byte 東, four-byte 🌋. */
    static final String PLACE = "Ñuñoa, 東京 🌋";

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static void malformedAt(Throwable error, String where) {
        assertThat(error).isInstanceOf(InvalidBatchException.class).hasMessageStartingWith("malformed JSON at " + where + ": ");
        assertThat(((InvalidBatchException) error).kind()).isEqualTo(InvalidBatchException.Kind.MALFORMED);
    }

    @Test
    void ndjsonRecordsCarryTheirLineNumbersCountingBlankLinesAndCrLf() {
        byte[] body = utf8("{\"n\":1}\r\n\r\n{\"n\":2}\n\n  \t\n{\"n\":3}\r\n\n{\"n\":4}");
        StepVerifier.create(READER.ndjson(whole(body)).map(item -> item.node().path("n").intValue() + "@" + item.position().describe()))
                .expectNext("1@line 1", "2@line 3", "3@line 6", "4@line 8")
                .verifyComplete();
    }

    @Test
    void ndjsonReadsTheSameCutAnywhereEvenInsideACharacterOrAToken() {
        byte[] body = utf8("{\"place\":\"" + PLACE + "\",\"mag\":6.25}\n{\"place\":\"x\",\"mag\":-1.5e-3}\n");
        int n = utf8("{\"place\":\"Ñ").length - 1;
        for (var cut : List.of(whole(body), inPieces(body, 1), inPieces(body, 3), cutAt(body, n, n + 5, n + 6, body.length - 3))) {
            StepVerifier.create(READER.ndjson(cut).map(item -> item.node().path("place").asString() + "|" + item.node().path("mag").doubleValue()))
                    .expectNext(PLACE + "|6.25", "x|-0.0015")
                    .verifyComplete();
        }
    }

    @Test
    void ndjsonMalformedLineIsRefusedNamingItsLineAfterTheLinesBeforeIt() {
        StepVerifier.create(READER.ndjson(inPieces(utf8("{\"n\":1}\n\n{\"n\":}\n{\"n\":3}\n"), 2)))
                .expectNextCount(1)
                .verifyErrorSatisfies(error -> {
                    malformedAt(error, "line 3");
                    assertThat(((InvalidBatchException) error).errors())
                            .singleElement().satisfies(e -> {
                                assertThat(e.line()).isEqualTo(3);
                                assertThat(e.index()).isNull();
                                assertThat(e.message()).startsWith("malformed JSON: ");
                            });
                });
    }

    @Test
    void ndjsonLineLongerThanTheLimitIsTooLargeAndNamed() {
        String fits = "{\"s\":\"" + "a".repeat(50) + "\"}\n";
        String tooLong = "{\"s\":\"" + "a".repeat(70) + "\"}\n";
        StepVerifier.create(SMALL.ndjson(inPieces(utf8(fits + tooLong), 16)))
                .expectNextCount(1)
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessage("line 2 is longer than 64B"));
    }

    @Test
    void bodiesLargerThanTheLimitAreTooLargeWhateverTheFormat() {
        String lines = "{\"n\":1}\n".repeat(40);
        String array = "[" + "{\"n\":1},".repeat(40) + "{}]";
        StepVerifier.create(SMALL.ndjson(inPieces(utf8(lines), 32)))
                .thenConsumeWhile(item -> true)
                .verifyErrorMessage("the body is larger than 256 bytes");
        StepVerifier.create(SMALL.lines(inPieces(utf8(lines), 32)))
                .thenConsumeWhile(line -> true)
                .verifyErrorMessage("the body is larger than 256 bytes");
        StepVerifier.create(SMALL.array(inPieces(utf8(array), 32)))
                .thenConsumeWhile(item -> true)
                .verifyError(PayloadTooLargeException.class);
    }

    @Test
    void nestingDeeperThan64LevelsIsRefused() {
        StepVerifier.create(READER.ndjson(whole(utf8(nested(64) + "\n" + nested(65)))))
                .expectNextCount(1)
                .verifyErrorSatisfies(error -> malformedAt(error, "line 2"));
        String first = "[" + nested(63) + ",";
        StepVerifier.create(READER.array(cutAt(utf8(first + nested(64) + "]"), first.length())))
                .expectNextCount(1)
                .verifyErrorSatisfies(error -> malformedAt(error, "record 1"));
        StepVerifier.create(READER.tree(whole(utf8("{\"a\":" + nested(63) + "}")))).expectNextCount(1).verifyComplete();
        StepVerifier.create(READER.tree(whole(utf8("{\"a\":" + nested(64) + "}"))))
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidBatchException.class).hasMessageStartingWith("malformed JSON: "));
    }

    @Test
    void anEmptyBodyHasNoRecordsAsNdjsonOrLinesButIsNoJsonDocument() {
        StepVerifier.create(READER.ndjson(whole(new byte[0]))).verifyComplete();
        StepVerifier.create(READER.lines(whole(new byte[0]))).verifyComplete();
        StepVerifier.create(READER.array(whole(new byte[0]))).verifyErrorSatisfies(error -> malformedAt(error, "record 0"));
        StepVerifier.create(READER.array(whole(utf8(" \n")))).verifyErrorSatisfies(error -> malformedAt(error, "record 0"));
        StepVerifier.create(READER.tree(whole(new byte[0]))).verifyErrorMessage("the body is empty");
    }

    @Test
    void arrayElementsArePositionedFromZeroCutAnywhere() {
        byte[] body = utf8(" [ {\"place\":\"" + PLACE + "\"}, {\"n\":[1,{\"m\":2}]} ,\"x\", 7, null ] ");
        for (var cut : List.of(whole(body), inPieces(body, 1), inPieces(body, 5))) {
            StepVerifier.create(READER.jsonArray(cut).map(item -> item.position().value() + ":" + item.node()))
                    .expectNext("0:{\"place\":\"" + PLACE + "\"}", "1:{\"n\":[1,{\"m\":2}]}", "2:\"x\"", "3:7", "4:null")
                    .verifyComplete();
        }
        StepVerifier.create(READER.array(whole(utf8("[]")))).verifyComplete();
        StepVerifier.create(READER.array(whole(utf8("[{}]")))).assertNext(item -> assertThat(item.position().line()).isFalse())
                .verifyComplete();
    }

    @Test
    void aLoneObjectIsOneRecord() {
        StepVerifier.create(READER.jsonArray(inPieces(utf8("{\"sourceId\":\"a\",\"n\":[1,2]}"), 4)))
                .assertNext(item -> {
                    assertThat(item.node().path("sourceId").asString()).isEqualTo("a");
                    assertThat(item.position()).isEqualTo(new RecordError.Position(0, false));
                })
                .verifyComplete();
    }

    @Test
    void aSecondJsonValueAfterTheFirstIsRefusedNotDropped() {
        // NDJSON sent as application/json: the first object alone would be read and the rest lost (the records read
        // before the refusal may come or not, depending on the buffer; the batch is refused either way)
        for (int piece : new int[] {1, 5, 1000}) {
            StepVerifier.create(READER.jsonArray(inPieces(utf8("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n"), piece)))
                    .thenConsumeWhile(item -> true)
                    .verifyErrorSatisfies(error -> {
                        malformedAt(error, "record 1");
                        assertThat(error).hasMessageContaining("application/x-ndjson");
                    });
        }
        StepVerifier.create(READER.array(whole(utf8("[{\"n\":1}] [{\"n\":2}]"))))
                .thenConsumeWhile(item -> true)
                .verifyErrorSatisfies(error -> malformedAt(error, "record 1"));
        StepVerifier.create(READER.elements(whole(utf8("{\"type\":\"FeatureCollection\",\"features\":[{}]} {}")),
                        "features", java.util.Map.of("type", "FeatureCollection"), "not a collection"))
                .thenConsumeWhile(item -> true)
                .verifyErrorSatisfies(error -> assertThat(error).hasMessageContaining("a second JSON value follows the first"));
        // whitespace after the value is no second value
        StepVerifier.create(READER.array(whole(utf8("[{\"n\":1}]\n \r\n")))).expectNextCount(1).verifyComplete();
    }

    @Test
    void arrayMalformedOrCutShortIsRefusedNamingTheRecord() {
        StepVerifier.create(READER.array(inPieces(utf8("[{\"n\":1},{\"n\":2},{\"n\":}]"), 3)))
                .expectNextCount(2)
                .verifyErrorSatisfies(error -> {
                    malformedAt(error, "record 2");
                    assertThat(((InvalidBatchException) error).errors()).singleElement()
                            .satisfies(e -> assertThat(e.index()).isEqualTo(2));
                });
        StepVerifier.create(READER.array(whole(utf8("[{\"n\":1},{\"n\""))))
                .expectNextCount(1)
                .verifyErrorSatisfies(error -> {
                    malformedAt(error, "record 1");
                    assertThat(error).hasMessageContaining("end-of-input");
                });
        StepVerifier.create(READER.array(whole(utf8("42"))))
                .verifyErrorSatisfies(error -> assertThat(error).hasMessage("malformed JSON at record 0: expected a JSON array of records"));
    }

    @Test
    void anArrayElementLargerThanTheLimitIsTooLargeAndNamed() {
        String fits = "{\"n\":[" + "1,".repeat(25) + "1]}";
        String tooLarge = "{\"n\":[" + "1,".repeat(40) + "1]}";
        StepVerifier.create(SMALL.array(inPieces(utf8("[" + fits + "," + tooLarge + "]"), 8)))
                .expectNextCount(1)
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessage("record 1 is larger than 64 bytes"));
    }

    @Test
    void elementsOfANamedArrayNeedTheRequiredTopLevelStringsWhereverTheyStand() {
        Map<String, String> required = Map.of("type", "Collection");
        String what = "not a collection";
        byte[] typeLast = utf8("{\"meta\":{\"type\":\"x\",\"items\":[9]},\"items\":[{\"n\":0},{\"n\":1}],\"type\":\"Collection\"}");
        StepVerifier.create(READER.elements(inPieces(typeLast, 1), "items", required, what)
                        .map(item -> item.position().value() + ":" + item.node().path("n").intValue()))
                .expectNext("0:0", "1:1")
                .verifyComplete();
        for (String wrong : List.of("{\"type\":\"Other\",\"items\":[]}", "{\"type\":\"Collection\"}", "{\"type\":\"Collection\",\"items\":{}}",
                "{\"type\":\"Collection\",\"meta\":{\"items\":[]}}")) {
            StepVerifier.create(READER.elements(whole(utf8(wrong)), "items", required, what))
                    .verifyErrorSatisfies(error -> assertThat(error).as(wrong).isInstanceOf(InvalidBatchException.class).hasMessage(what));
        }
        StepVerifier.create(READER.elements(whole(utf8("[{\"n\":0}]")), "items", required, what))
                .verifyErrorSatisfies(error -> assertThat(error).hasMessage("malformed JSON at record 0: expected a JSON object"));
    }

    @Test
    void linesAreSplitOnLfAndCrLfCutAnywhere() {
        byte[] body = utf8("one\r\n" + PLACE + "\n\r\n\nlast");
        int inside東 = utf8("one\r\nÑuñoa, 東").length - 2;
        for (var cut : List.of(whole(body), inPieces(body, 1), cutAt(body, 4, inside東))) {
            StepVerifier.create(READER.lines(cut)).expectNext("one", PLACE, "", "", "last").verifyComplete();
        }
        StepVerifier.create(SMALL.lines(inPieces(utf8("short\n" + "x".repeat(65) + "\n"), 10)))
                .expectNext("short")
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessage("line 2 is longer than 64B"));
    }

    @Test
    void aDocumentIsReadWholeCutAnywhereWithinItsOwnLimit() {
        String document = "{\"object\":{\"des\":\"" + PLACE + "\"},\"n\":[1,2.5]}";
        for (var cut : List.of(whole(utf8(document)), inPieces(utf8(document), 1))) {
            StepVerifier.create(READER.tree(cut).map(JsonNode::toString)).expectNext(document).verifyComplete();
        }
        // larger than a line may be, within the native limit
        String big = "{\"s\":\"" + "a".repeat(100) + "\"}";
        StepVerifier.create(SMALL.tree(inPieces(utf8(big), 7)).map(node -> node.path("s").asString().length())).expectNext(100).verifyComplete();
        StepVerifier.create(SMALL.tree(inPieces(utf8("{\"s\":\"" + "a".repeat(130) + "\"}"), 7)))
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessage("the body is larger than 128 bytes"));
        StepVerifier.create(READER.tree(whole(utf8("{\"a\":[1,}"))))
                .verifyErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(InvalidBatchException.class).hasMessageStartingWith("malformed JSON: ");
                    assertThat(((InvalidBatchException) error).kind()).isEqualTo(InvalidBatchException.Kind.MALFORMED);
                });
    }
}
