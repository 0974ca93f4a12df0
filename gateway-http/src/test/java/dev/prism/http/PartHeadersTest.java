package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartHeadersTest {
    private static PartHeaders disposition(String value) {
        return PartHeaders.parse("Content-Disposition: " + value + "\r\n");
    }

    @Test
    void aFilePartHasItsNameFileNameAndMediaType() {
        PartHeaders headers = PartHeaders.parse("content-disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "CONTENT-TYPE: Audio/WAV; charset=binary\r\n");

        assertThat(headers).isEqualTo(new PartHeaders("file", "a.wav", "audio/wav"));
    }

    @Test
    void aTextPartHasNeitherFileNameNorMediaType() {
        assertThat(disposition("form-data; name=model")).isEqualTo(new PartHeaders("model", null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "form-data; name=\"file\"; filename=\"a;b.wav\"                           | a;b.wav",
        "form-data; name=\"file\"; filename=\"say \\\"hi\\\".wav\"                | say \"hi\".wav",
        "form-data; name=\"file\"; filename=\"say %22hi%22.wav\"                  | say \"hi\".wav",
        "form-data; name=\"file\"; filename=\"100%.wav\"                          | 100%.wav",
        "form-data; name=\"file\"; filename=\"a+b%20c.wav\"                       | a+b%20c.wav",
        "form-data; name=\"file\"; filename=my recording.wav                      | my recording.wav",
        "form-data; name=\"file\"; filename*=UTF-8''%E2%82%AC%20rate.wav          | € rate.wav",
        "form-data; name=\"file\"; filename=\"fallback.wav\"; filename*=utf-8'en'%C3%A9.wav | é.wav",
        "form-data; name=\"file\"; filename*=UTF-8''%C3%A9.wav; filename=\"fallback.wav\" | é.wav",
        "form-data; name=\"file\"; filename*=iso-8859-1''%E9.wav                  | é.wav",
        "form-data; name=\"file\"; filename*=KOI8-R''%C1.wav; filename=\"plain.wav\" | plain.wav",
        "form-data; name=\"file\"; filename*=UTF-8''%E2%8.wav; filename=\"plain.wav\" | plain.wav",
    })
    void fileNamesAreReadAsClientsWriteThem(String value, String filename) {
        assertThat(disposition(value).filename()).isEqualTo(filename);
    }

    @Test
    void aFoldedHeaderLineIsJoined() {
        PartHeaders headers = PartHeaders.parse("Content-Disposition: form-data;\r\n name=\"file\";\r\n\tfilename=\"a.wav\"\r\n");

        assertThat(headers).isEqualTo(new PartHeaders("file", "a.wav", null));
    }

    @Test
    void otherHeadersAreIgnored() {
        PartHeaders headers = PartHeaders.parse("Content-Transfer-Encoding: binary\r\nContent-Disposition: form-data; "
                + "name=\"timestamp_granularities[]\"\r\n");

        assertThat(headers.name()).isEqualTo("timestamp_granularities[]");
    }

    @Test
    void aPartWithoutANameOrWithABrokenLineIsRefused() {
        assertThatThrownBy(() -> disposition("form-data; filename=\"a.wav\"")).hasMessage("a part has no name");
        assertThatThrownBy(() -> disposition("form-data; name=\"\"")).hasMessage("a part has no name");
        assertThatThrownBy(() -> PartHeaders.parse("Content-Type: text/plain\r\n"))
                .hasMessage("a part has no Content-Disposition");
        assertThatThrownBy(() -> PartHeaders.parse("Content-Disposition form-data; name=x\r\n"))
                .hasMessage("a part's header line has no name");
        assertThatThrownBy(() -> disposition("form-data; name=\"file"))
                .hasMessage("a quoted parameter value is not closed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/form-data; boundary=abc                         | abc",
        "multipart/form-data; boundary=\"a b:c,d\"                 | a b:c,d",
        "multipart/form-data; charset=utf-8; BOUNDARY=abc          | abc",
        "Multipart/Form-Data;boundary=abc;charset=\"utf-8\"        | abc",
        "multipart/form-data; boundary = abc                       | abc",
    })
    void theBoundaryIsReadFromTheContentType(String contentType, String boundary) {
        assertThat(MediaTypes.isMultipartForm(contentType)).isTrue();
        assertThat(MediaTypes.multipartBoundary(contentType)).contains(boundary);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/form-data",
        "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"abc",
    })
    void aContentTypeWithoutAUsableBoundaryHasNone(String contentType) {
        assertThat(MediaTypes.isMultipartForm(contentType)).isTrue();
        assertThat(MediaTypes.multipartBoundary(contentType)).isEmpty();
    }
}
