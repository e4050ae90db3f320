package io.gbmesh.api.snapshots;

import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiConfig;
import io.gbmesh.api.ApiVerticle;
import io.gbmesh.api.store.Database;
import io.gbmesh.api.store.SnapshotStore;
import io.gbmesh.api.store.TestPostgres;
import io.gbmesh.runtime.Env;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unauthenticated upload URL under abuse: a refused upload's connection is closed by the server (a
 * body too large, sent chunked; a body that stalls; an idle connection), uploads with another token take
 * no place among those read at once, one address takes at most its share, a refused upload never touches
 * a stored picture, concurrent uploads stop at the session's count, and old pictures are swept.
 * Each client binds its own loopback source address (127.0.0.x) where the per-address limit matters.
 */
class SnapshotUploadLimitsTest {
    private static final String DEVICE = "34020000001320000077";
    private static final String CHANNEL = "34020000001310000077";
    private static final int MAX_BYTES = 64 * 1024;
    private static final long REQUEST_TIMEOUT = 1_500;
    private static final int IDLE_SECONDS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Vertx vertx;
    private static Map<String, String> env;
    private static Path dataDir;
    private static ApiVerticle api;
    private static Database db;
    private static SnapshotStore store;

    private record Upload(String path, String sessionId) {
    }

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("gbmesh-snapshot-limits");
        env = TestPostgres.freshSchemaSettings("snaplimits");
        env.putAll(Map.of("GB_HTTP_HOST", "127.0.0.1", "GB_HTTP_PORT", "0", "GB_ADMIN_TOKEN", "gbm_test-admin-0123456789abcdef",
                "GB_CATALOG_TIMEOUT_MS", "0", "GB_QUERY_TIMEOUT_MS", "300", "GB_DATA_DIR", dataDir.toString(),
                "GB_HTTP_IDLE_TIMEOUT_S", String.valueOf(IDLE_SECONDS)));
        env.putAll(Map.of("GB_SNAPSHOT_MAX_BYTES", String.valueOf(MAX_BYTES), "GB_SNAPSHOT_MAX_UPLOADS", "4",
                "GB_SNAPSHOT_MAX_UPLOADS_PER_ADDRESS", "2", "GB_SNAPSHOT_REQUEST_TIMEOUT_MS", String.valueOf(REQUEST_TIMEOUT),
                "GB_SNAPSHOT_RETENTION_DAYS", "0", "GB_PG_POOL_SIZE", "4"));
        vertx = Vertx.vertx();
        api = new ApiVerticle(ApiConfig.fromEnv(new Env(env))).withRoutes(new SnapshotRoutes(SnapshotSettings.fromEnv(new Env(env))));
        await(vertx.deployVerticle(api));
        db = await(Database.start(vertx, new Env(env)));
        store = new SnapshotStore(db.pool());
    }

    @AfterAll
    static void stop() {
        try {
            await(db.close());
            await(vertx.undeploy(vertx.deploymentIDs().iterator().next()));
            Database cleanup = await(Database.start(vertx, new Env(env)));
            TestPostgres.drop(cleanup);
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void aBodyTooLargeSentChunkedIsAnswered413AndTheConnectionClosed() throws Exception {
        Upload u = session(1, OffsetDateTime.now().plusMinutes(10));
        try (Socket s = open("127.0.0.2")) {
            Reader reader = new Reader(s);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + u.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = jpeg(8 * 1024, 1);
            try {
                for (int i = 0; i < 4 * MAX_BYTES / chunk.length && reader.isAlive(); i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closedWhileWriting) {
                // the server closed the connection: what is asserted below
            }
            // the body is left unfinished: only the server can end this connection
            reader.join(5_000);
            assertFalse(reader.isAlive(), "the server closed the connection; read so far: " + reader.text());
            assertTrue(reader.text().startsWith("HTTP/1.1 413"), reader.text());
        }
        assertEquals(0, stored(u.sessionId()));
    }

    @Test
    void aBodyThatStallsIsAnswered408AndTheConnectionClosed() throws Exception {
        Upload u = session(1, OffsetDateTime.now().plusMinutes(10));
        try (Socket s = open("127.0.0.3")) {
            Reader reader = new Reader(s);
            s.getOutputStream().write(("POST " + u.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(jpeg(10, 2));
            s.getOutputStream().flush();
            reader.join(REQUEST_TIMEOUT + 4_000);
            assertFalse(reader.isAlive(), "the server closed the connection; read so far: " + reader.text());
            assertTrue(reader.text().startsWith("HTTP/1.1 408"), reader.text());
        }
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        try (Socket s = open("127.0.0.4")) {
            Reader reader = new Reader(s);
            reader.join((IDLE_SECONDS + 4) * 1000L);
            assertFalse(reader.isAlive(), "an idle connection is closed after GB_HTTP_IDLE_TIMEOUT_S");
        }
    }

    @Test
    void uploadsWithAnotherTokenThatTrickleTakeNoPlace() throws Exception {
        Upload u = session(1, OffsetDateTime.now().plusMinutes(10));
        String forged = u.path().substring(0, u.path().lastIndexOf('/') + 1) + token();
        List<Socket> trickles = new ArrayList<>();
        List<Reader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) { // more than GB_SNAPSHOT_MAX_UPLOADS, each from its own address
                Socket s = open("127.0.0." + (20 + i));
                trickles.add(s);
                readers.add(new Reader(s));
                s.getOutputStream().write(("POST " + forged + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                        + "Content-Length: 5000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(jpeg(10, 3));
                s.getOutputStream().flush();
            }
            assertEquals(201, upload("127.0.0.30", u.path(), "image/jpeg", jpeg(2000, 4)), "the camera's own upload meanwhile");
            for (Reader r : readers) {
                r.join(5_000);
                assertFalse(r.isAlive(), "refused and closed without its body");
                assertTrue(r.text().startsWith("HTTP/1.1 403"), r.text());
            }
        } finally {
            for (Socket s : trickles) {
                s.close();
            }
        }
    }

    @Test
    void oneAddressTakesAtMostItsShareOfTheUploads() throws Exception {
        Upload u = session(10, OffsetDateTime.now().plusMinutes(10));
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // GB_SNAPSHOT_MAX_UPLOADS_PER_ADDRESS uploads that stall
                Socket s = open("127.0.0.40");
                stalled.add(s);
                s.getOutputStream().write(("POST " + u.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                        + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(jpeg(10, 5));
                s.getOutputStream().flush();
            }
            long deadline = System.currentTimeMillis() + REQUEST_TIMEOUT;
            int status = 0;
            while (status != 503 && System.currentTimeMillis() < deadline) {
                status = upload("127.0.0.40", u.path(), "image/jpeg", jpeg(2000, 6));
            }
            assertEquals(503, status, "a third upload from that address while its two stall");
            assertEquals(201, upload("127.0.0.41", u.path(), "image/jpeg", jpeg(2000, 7)), "another address meanwhile");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        Await.eventuallyHolds("the address's places given back", Duration.ofSeconds(10),
                () -> upload("127.0.0.40", u.path(), "image/jpeg", jpeg(2000, 8)) == 201);
    }

    @Test
    void aRefusedUploadOfAStoredFileIdLeavesThePictureAlone() throws Exception {
        Upload u = session(3, OffsetDateTime.now().plusMinutes(10));
        String fileId = CHANNEL + "02" + "20261130101500" + "00001";
        byte[] first = jpeg(3000, 9);
        assertEquals(201, upload("127.0.0.50", u.path(), "multipart/form-data; boundary=zz", form("zz", fileId, first)));
        Path file = dataDir.resolve("snapshots").resolve(Path.of(DEVICE, CHANNEL, u.sessionId(), fileId + ".jpg"));
        assertArrayEquals(first, Files.readAllBytes(file));
        await(db.pool().preparedQuery("UPDATE snapshot_sessions SET expires_at = now() - interval '1 second' WHERE session_id = $1")
                .execute(Tuple.of(u.sessionId())));

        assertEquals(409, upload("127.0.0.50", u.path(), "multipart/form-data; boundary=zz", form("zz", fileId, jpeg(5000, 10))));

        assertArrayEquals(first, Files.readAllBytes(file), "the stored picture is untouched");
        assertEquals(List.of(file), files(u.sessionId()), "no file but the stored picture");
    }

    @Test
    void concurrentUploadsOfOneFileIdLeaveOneWholePictureMatchingItsRow() throws Exception {
        Upload u = session(3, OffsetDateTime.now().plusMinutes(10));
        String fileId = CHANNEL + "02" + "20261130101500" + "00002";
        List<Integer> statuses = concurrently(6, i -> form("zz", fileId, jpeg(1000 + 700 * i, 11 + i)), "multipart/form-data; boundary=zz", u);
        assertEquals(List.of(201, 201, 201, 201, 201, 201), statuses);
        Path file = dataDir.resolve("snapshots").resolve(Path.of(DEVICE, CHANNEL, u.sessionId(), fileId + ".jpg"));
        assertEquals(List.of(file), files(u.sessionId()));
        int size = await(db.pool().preparedQuery("SELECT size_bytes FROM snapshots WHERE session_id = $1").execute(Tuple.of(u.sessionId())))
                .iterator().next().getInteger("size_bytes");
        byte[] content = Files.readAllBytes(file);
        assertEquals(size, content.length, "the file is the one its row describes");
        int i = (size - 1000) / 700;
        assertArrayEquals(jpeg(1000 + 700 * i, 11 + i), content, "one upload's picture, whole");
    }

    @Test
    void concurrentUploadsStopAtTheSessionsCount() throws Exception {
        for (int round = 0; round < 3; round++) {
            Upload u = session(2, OffsetDateTime.now().plusMinutes(10));
            List<Integer> statuses = concurrently(8, i -> jpeg(4000, 30 + i), "image/jpeg", u);
            assertEquals(2, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(6, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
            assertEquals(2, stored(u.sessionId()));
            assertEquals(2, files(u.sessionId()).size());
        }
    }

    @Test
    void concurrentStoresStopAtTheSessionsCount() throws Exception {
        // more connections than uploads read at once: the inserts themselves race here
        Map<String, String> wide = new HashMap<>(env);
        wide.put("GB_PG_POOL_SIZE", "12");
        Database many = await(Database.start(vertx, new Env(wide)));
        try {
            SnapshotStore s = new SnapshotStore(many.pool());
            for (int round = 0; round < 20; round++) {
                Upload u = session(2, OffsetDateTime.now().plusMinutes(10));
                List<io.vertx.core.Future<Optional<SnapshotStore.Snapshot>>> adds = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    adds.add(s.add(u.sessionId(), "f" + i, 10, "p" + i, () -> io.vertx.core.Future.succeededFuture()));
                }
                await(io.vertx.core.Future.join(adds));
                assertEquals(2, adds.stream().filter(f -> f.result().isPresent()).count(), "round " + round);
                assertEquals(2, stored(u.sessionId()), "round " + round);
            }
        } finally {
            await(many.close());
        }
    }

    @Test
    void theSweepDeletesPicturesAndSessionsOlderThanTheRetention() throws Exception {
        Upload kept = session(3, OffsetDateTime.now().plusMinutes(10));
        String oldId = CHANNEL + "02" + "20261130101500" + "00003";
        String newId = CHANNEL + "02" + "20261130101500" + "00004";
        assertEquals(201, upload("127.0.0.60", kept.path(), "multipart/form-data; boundary=zz", form("zz", oldId, jpeg(900, 40))));
        assertEquals(201, upload("127.0.0.60", kept.path(), "multipart/form-data; boundary=zz", form("zz", newId, jpeg(900, 41))));
        await(db.pool().preparedQuery("UPDATE snapshots SET taken_at = now() - interval '2 hours' WHERE file_id = $1")
                .execute(Tuple.of(oldId)));
        Upload gone = session(1, OffsetDateTime.now().minusHours(2));
        Path goneDir = Files.createDirectories(dataDir.resolve("snapshots").resolve(Path.of(DEVICE, CHANNEL, gone.sessionId())));
        Upload recent = session(1, OffsetDateTime.now().minusMinutes(1));
        SnapshotCounters counters = new SnapshotCounters();
        SnapshotRetention retention = new SnapshotRetention(vertx, store, dataDir.resolve("snapshots"), Duration.ofHours(1), counters);

        int[] deleted = await(retention.sweep());

        assertEquals(1, deleted[0], "pictures");
        assertEquals(1, counters.deleted.get());
        Path dir = dataDir.resolve("snapshots").resolve(Path.of(DEVICE, CHANNEL, kept.sessionId()));
        assertEquals(List.of(dir.resolve(newId + ".jpg")), files(kept.sessionId()));
        assertEquals(1, stored(kept.sessionId()));
        assertTrue(deleted[1] >= 1, "sessions");
        assertTrue(await(store.session(gone.sessionId())).isEmpty(), "the long expired session");
        assertFalse(Files.exists(goneDir), "its directory");
        assertTrue(await(store.session(recent.sessionId())).isPresent(), "a session expired within the retention");
        assertTrue(await(store.session(kept.sessionId())).isPresent());
        assertEquals(0, await(retention.sweep())[0], "nothing more");
    }

    // ---------------------------------------------------------------------------------------------

    private interface Body {
        byte[] of(int i);
    }

    /** {@code n} uploads at once, each from its own address, each tried again while answered 503 (as devices do). */
    private static List<Integer> concurrently(int n, Body body, String type, Upload u) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                answers.add(pool.submit(() -> {
                    long deadline = System.currentTimeMillis() + 20_000;
                    int status;
                    do {
                        status = upload("127.0.1." + (10 + k), u.path(), type, body.of(k));
                    } while (status == 503 && System.currentTimeMillis() < deadline);
                    return status;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Upload session(int count, OffsetDateTime expires) {
        String sessionId = UUID.randomUUID().toString().replace("-", "");
        String token = token();
        await(store.createSession(sessionId, DEVICE, CHANNEL, SnapshotUploads.sha256(token), count, 1, expires));
        return new Upload(SnapshotRoutes.UPLOAD_PATH + sessionId + "/" + token, sessionId);
    }

    private static String token() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static int stored(String sessionId) {
        return await(store.session(sessionId)).orElseThrow().stored();
    }

    /** Every file under the session's directory (temporary ones too). */
    private static List<Path> files(String sessionId) throws IOException {
        Path dir = dataDir.resolve("snapshots").resolve(Path.of(DEVICE, CHANNEL, sessionId));
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** A JPEG-looking body of {@code n} bytes, its content told apart by {@code seed}. */
    private static byte[] jpeg(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 7);
        }
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }

    private static byte[] form(String boundary, String fileId, byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileId
                + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(jpeg);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Socket open(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
        return s;
    }

    /** One upload on a connection of its own; its status. */
    private static int upload(String from, String path, String type, byte[] body) throws IOException {
        try (Socket s = open(from)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedEarly) {
                // answered before the body was read: the answer is read below
            }
            String answer = readAll(s.getInputStream());
            if (!answer.startsWith("HTTP/1.1 ")) {
                throw new IOException("no answer: " + answer);
            }
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // closed by the server with unread bytes of ours: what came before is the answer
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a connection until the server closes it (end of stream or reset); alive while it is open. */
    private static final class Reader extends Thread {
        private final Socket socket;
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();

        Reader(Socket socket) {
            this.socket = socket;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (got) {
                        got.write(buf, 0, n);
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new IllegalStateException(e);
            } catch (IOException closed) {
                // reset by the server, or closed by the test
            }
        }

        String text() {
            synchronized (got) {
                return got.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
