package dev.prism.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.api.FormField;
import dev.prism.api.Upload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartBodyTest {
    private record Bytes(String filename, String contentType, byte[] bytes) implements Upload {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public String sha256() {
            return "";
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private static String written(MultipartBody body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        assertThat((long) out.size()).as("the announced length").isEqualTo(body.length());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void severalFilesFollowTheFieldsInOrderEachUnderItsOwnName() throws Exception {
        MultipartBody body = MultipartBody.of(List.of(new FormField("model", "gpt-image-1"), new FormField("prompt", "hat")),
                List.of(new MultipartBody.FilePart("image[]", new Bytes("a.png", "image/png", "AAA".getBytes())),
                        new MultipartBody.FilePart("image[]", new Bytes("b.png", "image/png", "BB".getBytes())),
                        new MultipartBody.FilePart("mask", new Bytes("m.png", "image/png", "M".getBytes()))));
        String boundary = body.contentType().substring(body.contentType().indexOf("boundary=") + 9);

        assertThat(written(body)).isEqualTo("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                + "gpt-image-1\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhat\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image[]\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nAAA"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image[]\"; filename=\"b.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nBB"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"mask\"; filename=\"m.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nM"
                + "\r\n--" + boundary + "--\r\n");
        assertThat(body.fileField()).isEqualTo("image[]");
        assertThat(body.files()).hasSize(3);
    }

    @Test
    void aFormWithoutAFileIsRefused() {
        assertThatThrownBy(() -> MultipartBody.of(List.of(new FormField("a", "b")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
