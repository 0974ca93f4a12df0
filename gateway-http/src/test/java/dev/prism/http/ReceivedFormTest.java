package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.core.upload.SpoolDirectory;
import dev.prism.core.upload.UploadSpooler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form's rules, read from a body stream without a server: limits, names, the one file, failures mid-upload. */
class ReceivedFormTest {
    private static final int MIB = 1024 * 1024;
    private static final String BOUNDARY = "test-boundary-1234";

    @TempDir
    Path spoolDir;

    @AfterEach
    void nothingIsLeftInTheSpool() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            assertThat(files).isEmpty();
        }
    }

    private ReceivedForm read(byte[] body) {
        return read(new ByteArrayInputStream(body));
    }

    private ReceivedForm read(InputStream body) {
        return ReceivedForm.read(body, BOUNDARY, ReceivedForm.oneFile(new UploadSpooler(SpoolDirectory.open(spoolDir), 25 * MIB)), 8 * MIB);
    }

    private GatewayException refused(byte[] body) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> read(body).close());
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    /** Builds a body part by part. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body field(String name, String value) {
            return field(name, value.getBytes(StandardCharsets.UTF_8));
        }

        Body field(String name, byte[] value) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(value);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Body file(String filename, String contentType, byte[] bytes) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] end() {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void fieldsInOrderAndTheFileSpooledWithItsNameAndType() throws IOException {
        byte[] audio = randomBytes(3 * MIB);
        byte[] body = new Body().field("model", "whisper-1").field("timestamp_granularities[]", "word")
                .file("réunion.wav", "audio/wav", audio).field("timestamp_granularities[]", "segment").end();

        try (ReceivedForm form = read(body)) {
            assertThat(form.fields()).containsExactly(new FormField("model", "whisper-1"),
                    new FormField("timestamp_granularities[]", "word"), new FormField("timestamp_granularities[]", "segment"));
            assertThat(form.file().filename()).isEqualTo("réunion.wav");
            assertThat(form.file().contentType()).isEqualTo("audio/wav");
            assertThat(form.file().spooledToDisk()).isTrue();
            try (InputStream in = form.file().open()) {
                assertThat(in.readAllBytes()).isEqualTo(audio);
            }
        }
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingIt() {
        GatewayException e = refused(new Body().field("model", "a").field("model", "b").end());

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.param()).isEqualTo("model");
    }

    @Test
    void aSecondFileIsRefusedAndTheFirstDeleted() {
        byte[] body = new Body().file("a.wav", "audio/wav", randomBytes(2 * MIB)).file("b.wav", "audio/wav", new byte[10]).end();

        GatewayException e = refused(body);

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("The form has more than one 'file'.");
    }

    @Test
    void moreThan256FieldsAreRefused() {
        Body body = new Body();
        for (int i = 0; i <= 256; i++) {
            body.field("f" + i + "[]", "x");
        }

        assertThat(refused(body.end()).getMessage()).isEqualTo("The form has too many fields.");
    }

    @Test
    void aTextFieldOver4MiBIs413NamingIt() {
        GatewayException e = refused(new Body().field("prompt", new byte[4 * MIB + 1]).end());

        assertThat(e.httpStatus()).isEqualTo(413);
        assertThat(e.param()).isEqualTo("prompt");
    }

    @Test
    void textFieldsOverTheirTotalAre413() {
        byte[] threeMib = new byte[3 * MIB];
        GatewayException e = refused(new Body().field("a[]", threeMib).field("a[]", threeMib).field("a[]", threeMib).end());

        assertThat(e.httpStatus()).isEqualTo(413);
        assertThat(e.getMessage()).isEqualTo("The text fields of the form are larger than 8 MiB together.");
    }

    @Test
    void aTextFieldThatIsNotUtf8IsRefused() {
        GatewayException e = refused(new Body().field("prompt", new byte[] {(byte) 0xC3, 0x28}).end());

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.param()).isEqualTo("prompt");
    }

    @Test
    void aBodyCutShortMidFileIsRefusedAndLeavesNothingBehind() {
        byte[] body = new Body().field("model", "whisper-1").file("a.wav", "audio/wav", randomBytes(3 * MIB)).end();

        GatewayException e = refused(Arrays.copyOf(body, 2 * MIB));

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).contains("ended before its closing boundary");
    }

    @Test
    void aClientThatLeavesMidFileIsGoneAndLeavesNothingBehind() {
        byte[] head = Arrays.copyOf(new Body().field("model", "whisper-1").file("a.wav", "audio/wav", randomBytes(3 * MIB))
                .end(), 2 * MIB);
        InputStream leaving = new SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketException("Connection reset");
            }
        });

        ClientGone gone = catchThrowableOfType(ClientGone.class, () -> read(leaving));

        assertThat(gone).hasRootCauseInstanceOf(SocketException.class);
    }
}
