package dev.prism.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.prism.core.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectoryTest {
    private static final long THIS_PROCESS = ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    @Test
    void defaultIsPerUserUnderTmpdirWhenItIsSet() {
        assertThat(SpoolDirectory.defaultLocation(Map.of("TMPDIR", "/var/tmp/alice"), "/tmp", "alice"))
                .isEqualTo(Path.of("/var/tmp/alice/prism-uploads-alice"));
    }

    @Test
    void defaultIsUnderJavaTmpdirWithoutTmpdir() {
        assertThat(SpoolDirectory.defaultLocation(Map.of(), "/tmp", "bob")).isEqualTo(Path.of("/tmp/prism-uploads-bob"));
        assertThat(SpoolDirectory.defaultLocation(Map.of("TMPDIR", " "), "/tmp", "bob"))
                .isEqualTo(Path.of("/tmp/prism-uploads-bob"));
    }

    @Test
    void userNameInTheDefaultIsKeptToSafeCharacters() {
        assertThat(SpoolDirectory.defaultLocation(Map.of(), "/tmp", "../evil name").getFileName())
                .hasToString("prism-uploads-.._evil_name");
        assertThat(SpoolDirectory.defaultLocation(Map.of(), "/tmp", "").getFileName()).hasToString("prism-uploads-user");
    }

    @Test
    void missingDirectoryIsCreatedForTheOwnerOnly() throws Exception {
        assumePosix();
        Path dir = tmp.resolve("parent/prism-uploads");

        SpoolDirectory spool = SpoolDirectory.open(dir);

        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(spool.path()).isEqualTo(dir.toRealPath());
    }

    @Test
    void spooledFilesAreReadableByTheOwnerOnlyAndNamedAfterThisProcess() throws Exception {
        assumePosix();
        Path file = SpoolDirectory.open(tmp.resolve("spool")).create();

        assertThat(file.getFileName().toString()).startsWith("prism-upload-" + THIS_PROCESS + "-").endsWith(".part");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void directoryWritableByOtherUsersIsRefusedNamingTheSetting() throws Exception {
        assumePosix();
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SpoolDirectory.open(dir));

        assertThat(e).hasMessageStartingWith("server.spool_dir: " + dir + " is writable by other users (rwxrwxrwx)");
    }

    @Test
    void directoryWritableByItsGroupIsRefusedToo() throws Exception {
        assumePosix();
        Path dir = Files.createDirectory(tmp.resolve("group"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));

        assertThat(catchThrowableOfType(ConfigException.class, () -> SpoolDirectory.open(dir)))
                .hasMessageContaining("writable by other users");
    }

    @Test
    void directoryOfAnotherUserIsRefusedNamingTheSetting() throws Exception {
        assumePosix();
        Path dir = directoryOfAnotherUser();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SpoolDirectory.open(dir));

        assertThat(e).hasMessageStartingWith("server.spool_dir: " + dir + " belongs to ")
                .hasMessageContaining("set server.spool_dir to a directory of your own");
    }

    @Test
    void fileWhereTheDirectoryShouldBeIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThat(catchThrowableOfType(ConfigException.class, () -> SpoolDirectory.open(file)))
                .hasMessage("server.spool_dir: " + file + " is not a directory");
    }

    @Test
    void directoryUnderAFileCannotBeCreated() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        assertThat(catchThrowableOfType(ConfigException.class, () -> SpoolDirectory.open(file.resolve("spool"))))
                .hasMessageStartingWith("server.spool_dir: cannot create " + file.resolve("spool") + ": ");
    }

    @Test
    void leftoversOfProcessesThatNoLongerRunAreDeletedAtStartup() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("spool"));
        Path deadProcess = Files.writeString(dir.resolve("prism-upload-" + unusedPid() + "-123.part"), "x");
        Path olderNaming = Files.writeString(dir.resolve("prism-upload-8472615.part"), "x");
        Path ownBeforeThisProcessStarted = Files.writeString(dir.resolve("prism-upload-" + THIS_PROCESS + "-1.part"), "x");
        Files.setLastModifiedTime(ownBeforeThisProcessStarted, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path ownInUse = Files.writeString(dir.resolve("prism-upload-" + THIS_PROCESS + "-2.part"), "x");
        Path somethingElse = Files.writeString(dir.resolve("notes.txt"), "x");

        SpoolDirectory.open(dir);

        assertThat(deadProcess).doesNotExist();
        assertThat(olderNaming).doesNotExist();
        assertThat(ownBeforeThisProcessStarted).as("the process id was reused").doesNotExist();
        assertThat(ownInUse).as("a running Prism may still read it").exists();
        assertThat(somethingElse).exists();
    }

    @Test
    void directoryRemovedWhileRunningIsMadeAgain() throws Exception {
        assumePosix();
        Path dir = tmp.resolve("spool");
        SpoolDirectory spool = SpoolDirectory.open(dir);
        Files.delete(dir);

        Path file = spool.create();
        try (OutputStream out = spool.write(file)) {
            out.write(1);
        }

        assertThat(file).hasParent(dir.toRealPath()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    private static void assumePosix() {
        assumeThat(Path.of(".").getFileSystem().supportedFileAttributeViews()).contains("posix");
    }

    /**
     * A directory owned by someone else, whoever runs the test: as root, one of ours given to
     * {@code nobody}; otherwise the world-writable temp directory, which root owns.
     */
    private Path directoryOfAnotherUser() throws IOException {
        Path probe = Files.createTempFile(tmp, "probe", "");
        boolean root = ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        if (root) {
            Path dir = Files.createDirectory(tmp.resolve("foreign"));
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
            return dir;
        }
        Path systemTmp = Path.of("/tmp");
        assumeThat(Files.getOwner(systemTmp)).isNotEqualTo(Files.getOwner(probe));
        assumeThat(Files.isWritable(systemTmp)).isTrue();
        return systemTmp;
    }

    private static long unusedPid() {
        return Stream.iterate(4_000_000L, pid -> pid + 1).filter(pid -> ProcessHandle.of(pid).isEmpty())
                .findFirst().orElseThrow();
    }
}
