package dev.prism.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSpoolerTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path spoolDir;

    private UploadSpooler spooler(long maxBytes) {
        return new UploadSpooler(SpoolDirectory.open(spoolDir), maxBytes);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<Path> filesInSpoolDir() throws IOException {
        if (!Files.isDirectory(spoolDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.toList();
        }
    }

    private static byte[] readAll(SpooledUpload upload) throws IOException {
        try (InputStream in = upload.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallUploadStaysInMemory() throws Exception {
        byte[] bytes = randomBytes(10_000);

        try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "a.mp3", "audio/mpeg")) {
            assertThat(upload.spooledToDisk()).isFalse();
            assertThat(upload.size()).isEqualTo(10_000);
            assertThat(readAll(upload)).isEqualTo(bytes);
            assertThat(filesInSpoolDir()).isEmpty();
        }
    }

    @Test
    void uploadOfExactlyOneMebibyteStaysInMemory() throws Exception {
        try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(randomBytes(MIB)), "a.wav", null)) {
            assertThat(upload.spooledToDisk()).isFalse();
        }
    }

    @Test
    void uploadOverOneMebibyteGoesToDiskAndCloseDeletesTheFile() throws Exception {
        byte[] bytes = randomBytes(MIB + 1);

        SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "big.wav", "audio/wav");
        assertThat(upload.spooledToDisk()).isTrue();
        assertThat(upload.size()).isEqualTo(MIB + 1);
        assertThat(filesInSpoolDir()).hasSize(1);
        assertThat(Files.size(filesInSpoolDir().getFirst())).isEqualTo(MIB + 1);
        assertThat(readAll(upload)).isEqualTo(bytes);

        upload.close();

        assertThat(filesInSpoolDir()).isEmpty();
    }

    @Test
    void spoolDirectoryIsCreatedWhenMissing() throws Exception {
        Path nested = spoolDir.resolve("not/yet/there");

        try (SpooledUpload upload = new UploadSpooler(SpoolDirectory.open(nested), 25 * MIB)
                .spool(new ByteArrayInputStream(randomBytes(2 * MIB)), "big.wav", null)) {
            assertThat(upload.spooledToDisk()).isTrue();
            assertThat(Files.isDirectory(nested)).isTrue();
        }
    }

    @Test
    void sha256MatchesTheDigestOfTheBytesInMemoryAndOnDisk() throws Exception {
        for (int size : new int[] {0, 1, 70_000, 3 * MIB + 17}) {
            byte[] bytes = randomBytes(size);
            try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "x.bin", null)) {
                assertThat(upload.sha256()).as("size %d", size).isEqualTo(sha256Hex(bytes));
            }
        }
    }

    @Test
    void uploadOverTheLimitIsPayloadTooLargeAndLeavesNoFile() {
        byte[] bytes = randomBytes(3 * MIB);
        UploadSpooler spooler = spooler(2 * MIB);

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> spooler.spool(new ByteArrayInputStream(bytes), "big.wav", null));

        assertThat(e.kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
        assertThat(e.httpStatus()).isEqualTo(413);
        assertThat(e.param()).isEqualTo("file");
        assertThat(e.code()).isEqualTo("file_too_large");
        assertThat(e.getMessage()).contains(Long.toString(2L * MIB));
        assertThat(filesInSpoolDirUnchecked()).as("the partly written file is deleted").isEmpty();
    }

    @Test
    void uploadOfExactlyTheLimitIsAccepted() throws Exception {
        try (SpooledUpload upload = spooler(MIB + 5).spool(new ByteArrayInputStream(randomBytes(MIB + 5)), "a", null)) {
            assertThat(upload.size()).isEqualTo(MIB + 5);
        }
    }

    @Test
    void clientStreamFailingMidwayLeavesNoFile() {
        InputStream breaksOff = new FailingAfter(randomBytes(MIB + MIB / 2));

        assertThatThrownBy(() -> spooler(25 * MIB).spool(breaksOff, "big.wav", null))
                .isInstanceOf(IOException.class).hasMessage("client went away");
        assertThat(filesInSpoolDirUnchecked()).isEmpty();
    }

    @Test
    void clientStreamFailingBeforeOneMebibyteLeavesNoFileEither() {
        assertThatThrownBy(() -> spooler(25 * MIB).spool(new FailingAfter(randomBytes(1000)), "a.wav", null))
                .isInstanceOf(IOException.class);
        assertThat(filesInSpoolDirUnchecked()).isEmpty();
    }

    @Test
    void diskFillingUpMidwayIsTheServersFailureNotTheClientsAndLeavesNoFile() {
        DiskFillingUp disk = new DiskFillingUp(spoolDir, 2 * MIB);
        UploadSpooler spooler = new UploadSpooler(disk, 25 * MIB);

        try (CapturedLog log = CapturedLog.of(UploadSpooler.class)) {
            SpoolFailure e = catchThrowableOfType(SpoolFailure.class,
                    () -> spooler.spool(new ByteArrayInputStream(randomBytes(3 * MIB)), "big.wav", null));

            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.kind().openAiType()).isEqualTo("server_error");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(10));
            assertThat(e.getMessage()).doesNotContain(spoolDir.toString()).doesNotContain("No space");
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(record.getMessage()).contains(spoolDir.toString()).contains("No space left on device");
            });
        }
        assertThat(disk.created).as("the spooler wrote a file").isNotNull();
        assertThat(filesInSpoolDirUnchecked()).as("the partly written file is deleted").isEmpty();
    }

    @Test
    void spoolFileThatCannotBeCreatedIsTheServersFailure() {
        SpoolFiles unwritable = new SpoolFiles() {
            @Override
            public Path create() throws IOException {
                throw new java.nio.file.AccessDeniedException(spoolDir.toString());
            }

            @Override
            public OutputStream write(Path file) {
                throw new AssertionError("no file to write");
            }

            @Override
            public String describe() {
                return spoolDir.toString();
            }
        };

        assertThatThrownBy(() -> new UploadSpooler(unwritable, 25 * MIB)
                .spool(new ByteArrayInputStream(randomBytes(2 * MIB)), "big.wav", null))
                .isInstanceOf(SpoolFailure.class);
    }

    @Test
    void smallUploadsStayInMemoryWhateverTheDisk() throws Exception {
        UploadSpooler spooler = new UploadSpooler(new DiskFillingUp(spoolDir, 0), 25 * MIB);

        try (SpooledUpload upload = spooler.spool(new ByteArrayInputStream(randomBytes(1000)), "a.wav", null)) {
            assertThat(upload.size()).isEqualTo(1000);
        }
    }

    @Test
    void fileOfAnUploadOnDiskIsItsSpooledFile() throws Exception {
        byte[] bytes = randomBytes(2 * MIB);

        try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "a.wav", null)) {
            Path file = upload.file().orElseThrow();
            assertThat(filesInSpoolDir()).extracting(Path::getFileName).containsExactly(file.getFileName());
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        }
        assertThat(filesInSpoolDir()).isEmpty();
    }

    @Test
    void fileOfAnUploadInMemoryIsWrittenToTheSpoolDirectoryOnceAndDeletedWithTheUpload() throws Exception {
        byte[] bytes = randomBytes(5000);

        try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "a.wav", null)) {
            assertThat(filesInSpoolDir()).isEmpty();
            Path file = upload.file().orElseThrow();
            assertThat(upload.file()).contains(file);
            assertThat(file.getParent()).isEqualTo(spoolDir.toRealPath());
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
            assertThat(readAll(upload)).isEqualTo(bytes);
        }
        assertThat(filesInSpoolDir()).isEmpty();
    }

    @Test
    void missingFilenameIsSniffedFromTheFirstBytes() throws Exception {
        assertSniffed("RIFF\0\0\0\0WAVEfmt ", "audio.wav", "audio/wav");
        assertSniffed("ID3\4\0\0\0\0\0\0", "audio.mp3", "audio/mpeg");
        assertSniffed("fLaC\0\0\0\"", "audio.flac", "audio/flac");
        assertSniffed("OggS\0\2\0\0", "audio.ogg", "audio/ogg");
        assertSniffed("\u00ff\u00fb\u0090\u0044", "audio.mp3", "audio/mpeg");
        assertSniffed("\0\0\0\u0020ftypM4A ", "audio.m4a", "audio/mp4");
        assertSniffed("\u001a\u0045\u00df\u00a3\u0001", "audio.webm", "audio/webm");
        assertSniffed("just some text", "audio.bin", "application/octet-stream");
    }

    private void assertSniffed(String head, String filename, String contentType) throws Exception {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        for (String missing : new String[] {null, "", " "}) {
            try (SpooledUpload upload = spooler(MIB).spool(new ByteArrayInputStream(bytes), missing, null)) {
                assertThat(upload.filename()).as("sniffed from %s", head).isEqualTo(filename);
                assertThat(upload.contentType()).isEqualTo(contentType);
            }
        }
    }

    @Test
    void clientFilenameAndContentTypeAreKept() throws Exception {
        byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);

        try (SpooledUpload upload = spooler(MIB).spool(new ByteArrayInputStream(wav), "take 1.wav", "audio/x-wav")) {
            assertThat(upload.filename()).isEqualTo("take 1.wav");
            assertThat(upload.contentType()).isEqualTo("audio/x-wav");
        }
    }

    @Test
    void genericContentTypeIsReplacedByTheSniffedOne() throws Exception {
        byte[] flac = "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1);

        try (SpooledUpload upload = spooler(MIB).spool(new ByteArrayInputStream(flac), "x", "application/octet-stream")) {
            assertThat(upload.contentType()).isEqualTo("audio/flac");
        }
    }

    @Test
    void sniffingSeesTheHeadEvenWhenItArrivesOneByteAtATime() throws Exception {
        byte[] wav = "RIFF\0\0\0\0WAVEfmt more".getBytes(StandardCharsets.ISO_8859_1);
        InputStream trickle = new ByteArrayInputStream(wav) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        try (SpooledUpload upload = spooler(MIB).spool(trickle, null, null)) {
            assertThat(upload.filename()).isEqualTo("audio.wav");
            assertThat(readAll(upload)).isEqualTo(wav);
        }
    }

    @Test
    void openCanBeCalledTwiceWithTheSameContentInMemory() throws Exception {
        byte[] bytes = randomBytes(5000);

        try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "a.wav", null)) {
            assertThat(readAll(upload)).isEqualTo(bytes);
            assertThat(readAll(upload)).isEqualTo(bytes);
        }
    }

    @Test
    void openCanBeCalledTwiceWithTheSameContentOnDisk() throws Exception {
        byte[] bytes = randomBytes(2 * MIB);

        try (SpooledUpload upload = spooler(25 * MIB).spool(new ByteArrayInputStream(bytes), "a.wav", null)) {
            assertThat(upload.spooledToDisk()).isTrue();
            assertThat(readAll(upload)).isEqualTo(bytes);
            assertThat(readAll(upload)).isEqualTo(bytes);
        }
    }

    @Test
    void toStringShowsNameAndSizeOnly() throws Exception {
        try (SpooledUpload upload = spooler(MIB).spool(new ByteArrayInputStream(new byte[3]), "a.wav", null)) {
            assertThat(upload).hasToString("SpooledUpload[a.wav, 3 bytes]");
        }
    }

    private List<Path> filesInSpoolDirUnchecked() {
        try {
            return filesInSpoolDir();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The spool directory's files, on a disk that is full after {@code capacity} bytes. */
    private static final class DiskFillingUp implements SpoolFiles {
        private final Path dir;
        private final long capacity;
        private Path created;

        DiskFillingUp(Path dir, long capacity) {
            this.dir = dir;
            this.capacity = capacity;
        }

        @Override
        public Path create() throws IOException {
            created = Files.createTempFile(dir, "prism-upload-", ".part");
            return created;
        }

        @Override
        public OutputStream write(Path file) throws IOException {
            return new java.io.FilterOutputStream(Files.newOutputStream(file)) {
                private long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > capacity) {
                        throw new IOException("No space left on device");
                    }
                    written += len;
                    out.write(b, off, len);
                }
            };
        }

        @Override
        public String describe() {
            return dir.toString();
        }
    }

    /** A client stream that delivers some bytes and then fails, as a dropped connection does. */
    private static final class FailingAfter extends InputStream {
        private final ByteArrayInputStream delivered;

        FailingAfter(byte[] bytes) {
            this.delivered = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            int b = delivered.read();
            if (b < 0) {
                throw new IOException("client went away");
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = delivered.read(b, off, len);
            if (n < 0) {
                throw new IOException("client went away");
            }
            return n;
        }
    }
}
