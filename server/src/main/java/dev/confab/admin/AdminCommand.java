package dev.confab.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.confab.account.Accounts;
import dev.confab.account.LoginThrottle;
import dev.confab.account.PasswordHasher;
import dev.confab.app.Config;
import dev.confab.error.ConfabException;
import dev.confab.limit.RateLimiter;
import dev.confab.store.Database;
import dev.confab.store.SqlAccountStore;
import dev.confab.store.SqlAdminStore;
import dev.confab.store.SqliteBackup;
import dev.confab.store.StoreCopy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./confab admin ...}: operator commands against a store, safe while a server runs on it
 * (each change is one transaction; SQLite serializes it with the server's writer, PostgreSQL with
 * its row locks). Settings ({@code --store.url=...}, {@code --config=FILE}, environment) are the
 * server's own, so the command finds the same store the server uses.
 */
public final class AdminCommand {
    static final String USAGE = """
            usage: ./confab admin [--store.url=... --media.dir=... | --config=FILE] COMMAND
              stats                                   counts of users, rooms, messages
              users list [PREFIX]                     users by name
              users create NAME [DISPLAY NAME]        new user; password from stdin with --password-stdin, else generated and printed
              users reset-password NAME               new password (as above); every session of the user ends
              users disable NAME | users enable NAME  a disabled user cannot log in; disabling ends their sessions
              users delete NAME                       disable and erase name, profile and avatar; messages stay
              rooms list                              rooms by last activity
              rooms show ID                           a room and its members
              rooms delete ID                         a room with its messages, members, invites and pins
              export user NAME | export room ID       everything of one user or room as JSON (no secrets)
              backup DIR                              online backup of the SQLite store and media into a new DIR
              restore BACKUP_DIR DATA_DIR             a backup into a new data folder (confab.db and media/)
              copy --to.url=URL [--to.user=U] [--to.password=P]
                                                      copy the whole store into a new, empty one (e.g. SQLite to PostgreSQL)
            """;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final BufferedReader in;

    AdminCommand(PrintStream out, BufferedReader in) {
        this.out = out;
        this.in = in;
    }

    /** Runs one command; returns the process exit code (0 done, 1 failed, 2 usage). */
    public static int run(
            String[] args, Map<String, String> env, PrintStream out, PrintStream err, java.io.InputStream stdin) {
        List<String> flags = new ArrayList<>();
        List<String> words = new ArrayList<>();
        Map<String, String> copyTarget = new LinkedHashMap<>();
        boolean passwordStdin = false;
        for (String a : args) {
            if (a.equals("--password-stdin")) passwordStdin = true;
            else if (a.startsWith("--to."))
                copyTarget.put(
                        a.substring(5, a.indexOf('=') < 0 ? a.length() : a.indexOf('=')),
                        a.indexOf('=') < 0 ? "" : a.substring(a.indexOf('=') + 1));
            else if (a.startsWith("--")) flags.add(a);
            else words.add(a);
        }
        if (words.isEmpty() || words.getFirst().equals("help")) {
            (words.isEmpty() ? err : out).print(USAGE);
            return words.isEmpty() ? 2 : 0;
        }
        try {
            Config config = Config.load(flags.toArray(String[]::new), env);
            AdminCommand cmd =
                    new AdminCommand(out, new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
            if (words.getFirst().equals("restore")) {
                if (words.size() != 3) throw new UsageException("restore BACKUP_DIR DATA_DIR");
                cmd.restore(Path.of(words.get(1)), Path.of(words.get(2)));
                return 0;
            }
            try (Database db = Database.open(config.storeUrl(), config.storeUser(), config.storePassword(), 2)) {
                return cmd.dispatch(words, db, config, copyTarget, passwordStdin);
            }
        } catch (UsageException e) {
            err.println("confab admin: usage: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ConfabException e) {
            err.println("confab admin: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("confab admin: " + e.getMessage());
            return 1;
        }
    }

    private int dispatch(
            List<String> w, Database db, Config config, Map<String, String> copyTarget, boolean passwordStdin) {
        AdminStore store = new SqlAdminStore(db);
        // The operator's own changes: no login or sign-up limits apply (none of those paths is used here).
        Accounts accounts = new Accounts(
                new SqlAccountStore(db),
                new PasswordHasher(config.bcryptCost(), 1, 4),
                Clock.systemUTC(),
                config.sessionTtl(),
                new Accounts.Guard(
                        new LoginThrottle(config.loginThrottle()),
                        new RateLimiter("sign-ups", config.signupRate()),
                        (action, outcome) -> {}));
        String what = w.getFirst() + (w.size() > 1 ? " " + w.get(1) : "");
        switch (what) {
            case "stats" -> print(store.stats());
            case "users list" -> print(store.users(arg(w, 2, ""), 1000));
            case "users create" -> {
                String password = password(passwordStdin);
                var user = accounts.createUser(
                        need(w, 2, "users create NAME"),
                        password,
                        w.size() > 3 ? String.join(" ", w.subList(3, w.size())) : null);
                print(
                        passwordStdin
                                ? Map.of("id", user.id(), "username", user.username())
                                : Map.of("id", user.id(), "username", user.username(), "password", password));
            }
            case "users reset-password" -> {
                String password = password(passwordStdin);
                accounts.resetPassword(userId(store, w), password);
                print(passwordStdin ? Map.of("reset", true) : Map.of("reset", true, "password", password));
            }
            case "users disable", "users enable" -> {
                accounts.setDisabled(userId(store, w), w.get(1).equals("disable"));
                print(Map.of(w.get(1).equals("disable") ? "disabled" : "enabled", true));
            }
            case "users delete" -> {
                long id = userId(store, w);
                // The avatar leaves through the media catalog: its blobs are counted, and another
                // upload of the same bytes keeps them.
                dev.confab.media.MediaStore blobs = dev.confab.app.MediaStores.open(config);
                new dev.confab.store.SqlMediaCatalog(db).replaceAvatar(id, null, blobs::delete);
                accounts.erase(id).ifPresent(blobs::delete);
                print(Map.of("deleted", true));
            }
            case "rooms list" -> print(store.rooms(1000));
            case "rooms show" -> {
                long id = roomId(w);
                Map<String, Object> room = new LinkedHashMap<>(
                        store.room(id).orElseThrow(() -> new IllegalArgumentException("no room " + id)));
                room.put("members", store.members(id));
                print(room);
            }
            case "rooms delete" -> {
                long id = roomId(w);
                if (!store.deleteRoom(id)) throw new IllegalArgumentException("no room " + id);
                print(Map.of("deleted", true));
            }
            case "export user" ->
                export(
                        store,
                        userId(store, w),
                        AdminStore.ExportPart.USER,
                        Map.of(
                                "sessions",
                                AdminStore.ExportPart.USER_SESSIONS,
                                "memberships",
                                AdminStore.ExportPart.USER_MEMBERSHIPS,
                                "messages",
                                AdminStore.ExportPart.USER_MESSAGES));
            case "export room" ->
                export(
                        store,
                        roomId(w),
                        AdminStore.ExportPart.ROOM,
                        Map.of(
                                "members",
                                AdminStore.ExportPart.ROOM_MEMBERS,
                                "messages",
                                AdminStore.ExportPart.ROOM_MESSAGES));
            default -> {
                if (w.getFirst().equals("backup")) backup(db, config, Path.of(need(w, 1, "backup DIR")));
                else if (w.getFirst().equals("copy")) copy(db, copyTarget);
                else throw new UsageException("unknown command: " + String.join(" ", w));
            }
        }
        return 0;
    }

    private void backup(Database db, Config config, Path dir) {
        if (Files.exists(dir)) throw new IllegalArgumentException(dir + " already exists; back up into a new folder");
        try {
            Files.createDirectories(dir);
            // The database first: media are written before the rows that name them and never changed, so every
            // file the snapshot refers to already exists when the copy below runs.
            SqliteBackup.snapshot(db, dir.resolve("confab.db"));
            // Blobs in a bucket stay there: the bucket's own versioning or replication backs them up, and a
            // restored database finds them by key as long as it points at the same bucket.
            boolean inBucket = config.mediaS3() != null;
            long files = inBucket ? 0 : copyTree(Path.of(config.mediaDir()), dir.resolve("media"));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("createdAt", Instant.now().toString());
            manifest.put("store", "confab.db");
            manifest.put("mediaFiles", files);
            if (inBucket) manifest.put("mediaNotCopied", config.mediaS3().toString());
            JSON.writeValue(dir.resolve("backup.json").toFile(), manifest);
            print(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("backup failed: " + e.getMessage(), e);
        }
    }

    private void restore(Path backup, Path data) {
        if (!Files.isRegularFile(backup.resolve("confab.db")))
            throw new IllegalArgumentException(backup + " holds no confab.db backup");
        try {
            if (Files.exists(data) && Files.list(data).findAny().isPresent()) {
                throw new IllegalArgumentException(data + " is not empty; restore into a new folder");
            }
            Files.createDirectories(data);
            Files.copy(backup.resolve("confab.db"), data.resolve("confab.db"));
            long files = copyTree(backup.resolve("media"), data.resolve("media"));
            print(Map.of(
                    "store",
                    data.resolve("confab.db").toString(),
                    "mediaFiles",
                    files,
                    "run",
                    "./confab run --store.url=jdbc:sqlite:" + data.resolve("confab.db") + " --media.dir="
                            + data.resolve("media")));
        } catch (IOException e) {
            throw new UncheckedIOException("restore failed: " + e.getMessage(), e);
        }
    }

    private void copy(Database from, Map<String, String> target) {
        String url = target.get("url");
        if (url == null || url.isEmpty()) throw new UsageException("copy --to.url=URL");
        try (Database to =
                Database.open(url, target.getOrDefault("user", ""), target.getOrDefault("password", ""), 2)) {
            Map<String, Long> counts = StoreCopy.copy(from, to, line -> {});
            print(counts);
        }
    }

    private static long copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) return 0;
        long n = 0;
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                    n++;
                }
            }
        }
        return n;
    }

    private void export(
            AdminStore store, long id, AdminStore.ExportPart head, Map<String, AdminStore.ExportPart> parts) {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeFieldName(head == AdminStore.ExportPart.USER ? "user" : "room");
            List<Map<String, Object>> first = new ArrayList<>();
            store.export(head, id, first::add);
            JSON.writeValue(g, first.isEmpty() ? null : first.getFirst());
            for (var part : new java.util.TreeMap<>(parts).entrySet()) {
                g.writeArrayFieldStart(part.getKey());
                store.export(part.getValue(), id, row -> write(g, row));
                g.writeEndArray();
            }
            g.writeEndObject();
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonGenerator g, Map<String, Object> row) {
        try {
            JSON.writeValue(g, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String password(boolean fromStdin) {
        if (!fromStdin) {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        try {
            String line = in.readLine();
            if (line == null) throw new IllegalArgumentException("no password on stdin");
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long userId(AdminStore store, List<String> w) {
        String name = need(w, 2, w.get(0) + " " + w.get(1) + " NAME");
        return store.userId(name).orElseThrow(() -> new IllegalArgumentException("no user named " + name));
    }

    private static long roomId(List<String> w) {
        String id = need(w, 2, w.get(0) + " " + w.get(1) + " ID");
        if (!id.matches("[0-9]{1,18}")) throw new UsageException("a room id is a number, got " + id);
        return Long.parseLong(id);
    }

    private static String need(List<String> w, int i, String usage) {
        if (w.size() <= i) throw new UsageException(usage);
        return w.get(i);
    }

    private static String arg(List<String> w, int i, String otherwise) {
        return w.size() > i ? w.get(i) : otherwise;
    }

    private void print(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The entry point {@code Main} hands {@code admin ...} to. */
    public static void main(String[] args) {
        System.exit(run(Arrays.copyOf(args, args.length), System.getenv(), System.out, System.err, System.in));
    }
}
