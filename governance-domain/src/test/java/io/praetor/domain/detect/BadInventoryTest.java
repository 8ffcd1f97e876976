package io.praetor.domain.detect;

import static io.praetor.domain.detect.Samples.format;
import static io.praetor.domain.detect.Samples.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class BadInventoryTest {

    private static PraetorException failure(ThrowingCallable call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(call).isInstanceOf(PraetorException.class).satisfies(t -> caught[0] = t);
        return (PraetorException) caught[0];
    }

    private static ParsedSnapshot readBytes(InventoryReader reader, String format, byte[] body) {
        return reader.read(SnapshotImport.of(format), new ByteArrayInputStream(body));
    }

    @Test
    void syntaxError_isMalformedWithLineAndColumn() {
        PraetorException e = failure(() -> readText(format("gcp-asset"), """
                {"name":"//a","asset_type":"storage.googleapis.com/Bucket"}
                {"name":"//b" "asset_type":"storage.googleapis.com/Bucket"}
                """));

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        InputIssue issue = e.issues().getFirst();
        assertThat(issue.line()).isEqualTo(2);
        assertThat(issue.column()).isEqualTo(15);
        assertThat(issue.record()).isEqualTo(2);
    }

    @Test
    void truncatedDocument_isMalformed() {
        PraetorException e = failure(() -> readText(format("aws-config"),
                "{\"configurationItems\":[{\"resourceType\":\"AWS::S3::Bucket\",\"ARN\":"));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.issues().getFirst().line()).isEqualTo(1);
    }

    @Test
    void scalarAtTopLevel_isMalformed() {
        PraetorException e = failure(() -> readText(format("praetor"), "\n  42"));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.issues().getFirst().line()).isEqualTo(2);
        assertThat(e.issues().getFirst().column()).isEqualTo(3);
    }

    @Test
    void invalidUtf8Byte_isMalformedAtItsLine() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"id\":\"a\",\"type\":\"x.y.z\"}\n{\"id\":\"caf".getBytes(StandardCharsets.US_ASCII));
        body.write(0xE9); // Latin-1 é: not UTF-8
        body.writeBytes("\",\"type\":\"x.y.z\"}\n".getBytes(StandardCharsets.US_ASCII));

        PraetorException e = failure(() -> readBytes(Samples.READER, "praetor", body.toByteArray()));

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.getMessage()).contains("not UTF-8").contains("byte offset 36");
        assertThat(e.issues().getFirst().line()).isEqualTo(2);
        assertThat(e.issues().getFirst().record()).isEqualTo(2);
    }

    @Test
    void overlongEncoding_isRejected() {
        byte[] body = {'[', '"', (byte) 0xC0, (byte) 0xAF, '"', ']'};
        assertThat(failure(() -> readBytes(Samples.READER, "praetor", body)).code()).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    void utf16_isRejected() {
        byte[] body = "[{\"id\":\"a\",\"type\":\"x.y.z\"}]".getBytes(StandardCharsets.UTF_16LE);
        PraetorException e = failure(() -> readBytes(Samples.READER, "praetor", body));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.getMessage()).contains("UTF-16");
    }

    @Test
    void truncatedUtf8AtTheEnd_isRejected() {
        byte[] text = "[{\"id\":\"a\",\"type\":\"x.y.z\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(text, text.length + 1);
        body[text.length] = (byte) 0xE2;
        assertThat(failure(() -> readBytes(Samples.READER, "praetor", body)).getMessage()).contains("not UTF-8");
    }

    @Test
    void multiByteCharactersAcrossReadBoundaries_areAccepted() {
        String name = "caf\u00e9-\u6771\u4eac-\uD83D\uDE80".repeat(2000);
        String text = "{\"id\":\"a\",\"type\":\"x.y.z\",\"name\":\"" + name + "\"}";
        ParsedSnapshot s = readBytes(Samples.READER, "praetor", text.getBytes(StandardCharsets.UTF_8));
        assertThat(Samples.resource(s, "a").name()).isEqualTo(name);
    }

    @Test
    void importLargerThanTheLimit_isPayloadTooLarge() {
        InventoryReader small = new InventoryReader(InstantSource.fixed(Samples.IMPORT_TIME),
                new InventoryLimits(10_000, 1_000, 64));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 20_000; i++) {
            text.append("{\"id\":\"r").append(i).append("\",\"type\":\"x.y.z\"}\n");
        }
        PraetorException e = failure(() -> readBytes(small, "praetor", text.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(e.getMessage()).contains("10000 bytes");
    }

    @Test
    void recordLargerThanTheLimit_isPayloadTooLargeWithItsIndex() {
        InventoryReader small = new InventoryReader(InstantSource.fixed(Samples.IMPORT_TIME),
                new InventoryLimits(100_000, 200, 64));
        StringBuilder big = new StringBuilder("{\"id\":\"big\",\"type\":\"x.y.z\",\"properties\":{");
        for (int i = 0; i < 40; i++) {
            big.append("\"k").append(i).append("\":").append(i).append(',');
        }
        big.append("\"end\":0}}");
        String text = "{\"id\":\"ok\",\"type\":\"x.y.z\"}\n" + big + "\n";

        PraetorException e = failure(() -> readBytes(small, "praetor", text.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(e.issues().getFirst().record()).isEqualTo(2);
        assertThat(e.issues().getFirst().line()).isEqualTo(2);
    }

    @Test
    void stringLargerThanOneMegabyte_isPayloadTooLarge() {
        String text = "{\"id\":\"a\",\"type\":\"x.y.z\",\"properties\":{\"blob\":\"" + "x".repeat((1 << 20) + 10) + "\"}}";
        PraetorException e = failure(() -> readText(format("praetor"), text));
        assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(e.issues().getFirst().record()).isEqualTo(1);
    }

    @Test
    void nestingDeeperThan64_isPayloadTooLarge_and64IsFine() {
        // The record object is level 1 and properties level 2, so 62 more lists reach level 64.
        String ok = "{\"id\":\"a\",\"type\":\"x.y.z\",\"properties\":{\"deep\":" + "[".repeat(62) + "]".repeat(62) + "}}";
        assertThat(readText(format("praetor"), ok).entries()).hasSize(1);

        String deep = "{\"id\":\"a\",\"type\":\"x.y.z\",\"properties\":{\"deep\":" + "[".repeat(63) + "]".repeat(63) + "}}";
        PraetorException e = failure(() -> readText(format("praetor"), deep));
        assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(e.getMessage()).contains("64");
        assertThat(e.issues().getFirst().column()).isEqualTo(46 + 63);
    }

    @Test
    void nestingInsideAJsonString_countsToo() {
        String inner = "[".repeat(63) + "]".repeat(63);
        String text = "{\"id\":\"a\",\"type\":\"x.y.z\",\"properties\":{\"s\":\"" + inner + "\"}}";
        PraetorException e = failure(() -> readText(format("praetor"), text));
        assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(e.getMessage()).contains("inside a JSON string");
    }

    @Test
    void unknownFormat_isMalformedNamingTheFormats() {
        PraetorException e = failure(() -> readText(format("cloudquery"), "[]"));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.getMessage()).contains("aws-config", "kubernetes");
        assertThat(e.issues().getFirst().field()).isEqualTo("format");
    }

    @Test
    void utf8ByteOrderMark_isAccepted() {
        byte[] text = "[{\"id\":\"a\",\"type\":\"x.y.z\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        assertThat(readBytes(Samples.READER, "praetor", body).entries()).hasSize(1);
    }

    @Test
    void listOfLists_isMalformed() {
        PraetorException e = failure(() -> readText(format("azure-resource-graph"), "[[{\"id\":\"x\"}]]"));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.issues().getFirst().column()).isEqualTo(2);
    }

    @Test
    void emptyBody_readsNothing() {
        assertThat(readText(format("aws-config"), "  \n").received()).isZero();
    }
}
