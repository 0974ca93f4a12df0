package dev.prism.core.upload;

import dev.prism.core.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directory uploads are spooled to while their request runs. Another local user must not be
 * able to read a spooled upload, nor swap it between the hashing (the cache key) and the sending:
 * the directory is this process's user's own, created {@code 0700}, and one owned by someone else
 * or writable by others is refused at startup. Files left behind by a Prism process that no longer
 * runs (a crash, a kill) are deleted at startup.
 *
 * <p>Spooled files are named {@code prism-upload-<pid>-<random>.part}: the process id tells a
 * leftover from a file a running Prism (another instance sharing the directory) still needs.
 */
public final class SpoolDirectory implements SpoolFiles {
    private static final System.Logger LOG = System.getLogger(SpoolDirectory.class.getName());
    private static final String SETTING = "server.spool_dir";
    private static final String PREFIX = "prism-upload-";
    private static final String SUFFIX = ".part";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path location;
    private final long pid = ProcessHandle.current().pid();
    private volatile Path dir;

    private SpoolDirectory(Path location, Path dir) {
        this.location = location;
        this.dir = dir;
    }

    /**
     * Where uploads go when {@code server.spool_dir} is not set: {@code prism-uploads-<user>} under
     * {@code $TMPDIR} when it is set, else under {@code java.io.tmpdir}. Per user, so that two users'
     * gateways on one host do not share (or fight over) one directory.
     */
    public static Path defaultLocation(Map<String, String> env, String javaTmpdir, String user) {
        String tmpdir = env.get("TMPDIR");
        String base = tmpdir == null || tmpdir.isBlank() ? javaTmpdir : tmpdir;
        String name = user == null || user.isBlank() ? "user" : user.replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(base, "prism-uploads-" + name);
    }

    /**
     * Creates the directory ({@code 0700}) or checks the one there, and deletes what dead Prism
     * processes left in it.
     *
     * @throws ConfigException naming {@code server.spool_dir} when the directory cannot be created,
     *     is not a directory, belongs to another user or is writable by others
     */
    public static SpoolDirectory open(Path location) {
        Path absolute = location.toAbsolutePath();
        try {
            SpoolDirectory spool = new SpoolDirectory(absolute, prepare(absolute));
            spool.deleteLeftovers();
            return spool;
        } catch (Unusable e) {
            throw new ConfigException(SETTING, e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(SETTING, "cannot use " + absolute + ": " + reason(e));
        }
    }

    /** The directory, as resolved at startup (symbolic links followed). */
    public Path path() {
        return dir;
    }

    @Override
    public Path create() throws IOException {
        try {
            return Files.createTempFile(dir, PREFIX + pid + "-", SUFFIX);
        } catch (NoSuchFileException e) {
            // A temp cleaner removed the directory while Prism ran: make it again, with the same checks.
            dir = prepare(location);
            return Files.createTempFile(dir, PREFIX + pid + "-", SUFFIX);
        }
    }

    @Override
    public OutputStream write(Path file) throws IOException {
        return Files.newOutputStream(file);
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    /** Creates the directory if it is missing; returns its real path once it is safe to use. */
    private static Path prepare(Path location) throws IOException {
        boolean posix = location.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(location)) {
            try {
                Path parent = location.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new Unusable("cannot create " + location + ": " + reason(e));
            }
            try {
                if (posix) {
                    Files.createDirectory(location, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createDirectory(location);
                }
            } catch (FileAlreadyExistsException raced) {
                // Someone made it first: the checks below decide whether it can be used.
            } catch (IOException e) {
                throw new Unusable("cannot create " + location + ": " + reason(e));
            }
        }
        Path dir = location.toRealPath();
        if (!Files.isDirectory(dir)) {
            throw new Unusable(location + " is not a directory");
        }
        UserPrincipal owner = Files.getOwner(dir);
        UserPrincipal self = ownerOfNewFileIn(dir, location);
        if (!owner.equals(self)) {
            throw new Unusable(location + " belongs to " + owner.getName() + ", not to " + self.getName()
                    + " who runs Prism: another user could read or replace spooled uploads. Remove it, or set "
                    + SETTING + " to a directory of your own");
        }
        if (posix) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new Unusable(location + " is writable by other users ("
                        + PosixFilePermissions.toString(permissions) + "): another user could replace spooled uploads. "
                        + "Make it private (chmod 700), or set " + SETTING + " to another directory");
            }
        }
        return dir;
    }

    /** Who owns a file this process creates: this process's user, as the file system names it. */
    private static UserPrincipal ownerOfNewFileIn(Path dir, Path location) throws IOException {
        Path probe;
        try {
            probe = Files.createTempFile(dir, "prism-probe-", ".tmp");
        } catch (IOException e) {
            throw new Unusable(location + " is not writable: " + reason(e));
        }
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private void deleteLeftovers() throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (isLeftover(file) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.log(System.Logger.Level.INFO, "Deleted {0} spooled upload(s) left in {1} by Prism processes that no "
                    + "longer run", deleted, dir);
        }
    }

    /**
     * Whether no running process can still need {@code file}: its process is gone, or the process
     * with that id started after the file was last written (the id was reused, after a restart of
     * a container, say).
     */
    private static boolean isLeftover(Path file) throws IOException {
        String name = file.getFileName().toString();
        String rest = name.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        long owner;
        try {
            owner = dash < 0 ? -1 : Long.parseLong(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            owner = -1;
        }
        if (owner < 0) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(owner);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        FileTime written = Files.getLastModifiedTime(file);
        return started.isPresent() && written.toInstant().isBefore(started.get());
    }

    /** Why a file operation failed, in words: the JDK's messages of these name only the file. */
    private static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied (" + a.getFile() + ")";
            case NoSuchFileException n -> "no such file or directory (" + n.getFile() + ")";
            case FileAlreadyExistsException f -> "a file is in the way (" + f.getFile() + ")";
            case NotDirectoryException n -> "not a directory (" + n.getFile() + ")";
            case FileSystemException f when f.getReason() != null -> f.getReason() + " (" + f.getFile() + ")";
            default -> String.valueOf(e.getMessage());
        };
    }

    /** The directory cannot be used, for the reason the message gives the operator. */
    private static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "SpoolDirectory[" + dir + "]";
    }
}
