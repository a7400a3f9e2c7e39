package io.github.bilibiliapi.video;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a {@link MediaStream} to a file in HTTP Range chunks through the context's {@code BiliApiClient} (so it
 * works on every backend and on a user's own client).
 *
 * <ul>
 *   <li>Sends the {@code Referer} and {@code User-Agent} the CDN requires; no cookies.</li>
 *   <li>At most {@code parallelism} chunks of {@code chunkSize} bytes are in flight: memory is bounded by
 *       {@code chunkSize × parallelism}, not by the file's size (the client buffers one response per chunk, so
 *       {@code chunkSize} must not exceed the client's {@code maxResponseBytes}).</li>
 *   <li>A request that fails (403, 404, 5xx, timeout, refused connection) moves on to the next of
 *       {@code base_url} and the {@code backup_url}s; when every URL answers 403/410 the URLs have expired: the play
 *       URL is fetched again once (by {@link MediaStream#origin()}) and the download goes on.</li>
 *   <li>Writes to {@code target + ".part"} and records finished chunks in {@code target + ".part.meta"}; a later
 *       run with the same stream resumes (chunks not recorded, or beyond the partial file's size, are fetched again)
 *       unless the server's size or ETag changed, in which case it starts over. At the end the partial file is
 *       renamed to the target (atomically where the file system can).</li>
 *   <li>Every chunk's {@code Content-Range} total and ETag must match the first: otherwise the download fails with
 *       {@link FileChangedException} and the partial file is deleted.</li>
 * </ul>
 *
 * <p>Muxing a DASH video and audio track into one file is left to the user (for example
 * {@code ffmpeg -i video.m4s -i audio.m4s -c copy out.mp4}). Thread-safe; one downloader serves many downloads.
 */
public final class VideoDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(VideoDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    static final String REFERER = "https://www.bilibili.com/";

    private final BiliContext context;
    private final VideoService videos;
    private final int chunkSize;
    private final int parallelism;
    private final Executor executor;

    private VideoDownloader(Builder b) {
        this.context = b.context;
        this.videos = new VideoService(b.context);
        this.chunkSize = b.chunkSize;
        this.parallelism = b.parallelism;
        this.executor = b.executor;
    }

    /**
     * @param context the context whose client, settings (User-Agent, host redirection) and credential are used
     * @return a builder
     */
    public static Builder builder(BiliContext context) {
        return new Builder(context);
    }

    /** @return bytes per Range request */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return chunks in flight at most */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Starts a download without a progress listener.
     *
     * @param stream what to download
     * @param target the file to create or replace; its directory must exist
     * @return the running download
     * @throws IllegalArgumentException before any I/O when the target's directory does not exist, the target is a
     *                                  directory, or the stream has no http(s) URL
     */
    public DownloadTask download(MediaStream stream, Path target) {
        return download(stream, target, DownloadListener.NONE);
    }

    /**
     * Starts a download.
     *
     * @param stream   what to download
     * @param target   the file to create or replace; its directory must exist
     * @param listener progress receiver
     * @return the running download
     * @throws IllegalArgumentException before any I/O when the target's directory does not exist, the target is a
     *                                  directory, or the stream has no http(s) URL
     */
    public DownloadTask download(MediaStream stream, Path target, DownloadListener listener) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(listener, "listener");
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("target: directory does not exist: " + dir);
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("target is a directory: " + abs);
        }
        for (String url : stream.urls()) {
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new IllegalArgumentException("stream has a URL that is not http(s): " + safe(url));
            }
        }
        Run run = new Run(stream, abs, listener);
        run.start();
        return new DownloadTask(run.result, run::cancel);
    }

    static String safe(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** One download. Every field but the immutable ones is guarded by {@code this}. */
    private final class Run {
        private final MediaStream stream;
        private final Path target;
        private final Path part;
        private final Path meta;
        private final DownloadListener listener;
        private final CompletableFuture<DownloadResult> result = new CompletableFuture<>();
        private final long startNanos = System.nanoTime();

        private List<String> urls;
        private int preferred;
        private CompletableFuture<List<String>> refresh;
        private boolean refreshed;
        private int failovers;
        private FileChannel channel;
        private long total = -1;
        private String etag;
        private BitSet done = new BitSet();
        private int chunks;
        private final List<Integer> pending = new ArrayList<>();
        private int inFlight; // chunks started and not yet recorded
        private int receiving; // chunks started and not yet written: the bodies held in memory
        private long resumedBytes;
        private long sessionBytes;
        private boolean stopped;
        private boolean discarded; // the partial file and its record are deleted: record nothing more
        private int recording; // chunks on disk, not yet recorded: a failure is reported once they are
        private Throwable deferred;
        private Throwable failure;

        Run(MediaStream stream, Path target, DownloadListener listener) {
            this.stream = stream;
            this.target = target;
            this.part = target.resolveSibling(target.getFileName() + ".part");
            this.meta = target.resolveSibling(target.getFileName() + ".part.meta");
            this.listener = listener;
            this.urls = stream.urls();
        }

        void start() {
            try {
                Meta previous = Meta.read(meta);
                int first = 0;
                if (previous != null && previous.matches(stream, chunkSize) && Files.exists(part)) {
                    long have = Files.size(part);
                    total = previous.total;
                    etag = previous.etag;
                    chunks = chunkCount(total);
                    for (int i = previous.done.nextSetBit(0); i >= 0; i = previous.done.nextSetBit(i + 1)) {
                        if (i < chunks && end(i) < have) { // a chunk beyond the file's end was never written
                            done.set(i);
                            resumedBytes += end(i) - start(i) + 1;
                        }
                    }
                    first = done.nextClearBit(0);
                    if (first >= chunks) {
                        first = 0; // everything is there: check the first chunk's headers anyway
                    }
                } else {
                    Files.deleteIfExists(part);
                    Files.deleteIfExists(meta);
                }
                channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                int probe = first;
                fetch(probe, total >= 0).whenComplete((resp, error) -> {
                    if (error != null) {
                        fail(error);
                        return;
                    }
                    firstAnswer(probe, resp);
                });
            } catch (IOException e) {
                fail(new DownloadException("cannot open " + part + ": " + e.getMessage(), e));
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private long start(int i) {
            return (long) i * chunkSize;
        }

        private long end(int i) {
            return Math.min(total, (long) (i + 1) * chunkSize) - 1;
        }

        private int chunkCount(long size) {
            return (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
        }

        /** The first answer fixes (or checks) size and ETag, then the other chunks start. */
        private void firstAnswer(int index, BiliApiResponse resp) {
            executor.execute(new Landed(resp) {
                @Override
                long store(BiliApiResponse r) throws IOException {
                    return storeFirst(this, index, r);
                }

                @Override
                void then() {
                    synchronized (Run.this) {
                        for (int i = 0; i < chunks; i++) {
                            if (!done.get(i)) {
                                pending.add(i);
                            }
                        }
                    }
                    pump();
                }
            });
        }

        private long storeFirst(Landed landed, int index, BiliApiResponse resp) throws IOException {
            Range r = range(resp);
            String tag = resp.header("ETag");
            synchronized (this) {
                boolean changed = total >= 0 && (r.total != total || !sameEtag(etag, tag));
                total = r.total;
                etag = tag;
                chunks = chunkCount(total);
                if (changed) {
                    // the file changed since the interrupted run: start over, the probe included
                    LOG.info("{} changed on the server since the partial download; starting over",
                            safe(urls.get(0)));
                    done.clear();
                    resumedBytes = 0;
                    channel.truncate(0);
                    return -1; // the probe answer is dropped
                }
            }
            if (r.start != start(index) || r.end != end(index)) {
                if (r.start == 0 && r.end == total - 1 && index == 0) {
                    // Range ignored (200 with the whole body): the file is complete in one answer
                    landed.chunk = -1;
                    return write(resp.raw(), 0);
                }
                throw new DownloadException("server answered bytes " + r.start + "-" + r.end + " for chunk " + index,
                        null);
            }
            landed.chunk = index;
            return write(resp.raw(), start(index));
        }

        /**
         * A chunk's answer waiting for the executor: it hands the body over and forgets it, so a pool thread that
         * still references a task it ran does not keep that chunk reachable.
         */
        private abstract class Landed implements Runnable {
            private BiliApiResponse response;

            Landed(BiliApiResponse response) {
                this.response = response;
            }

            /** The chunk {@link #store} wrote, -1 for the whole file in one answer. */
            int chunk;

            /** Checks and writes the answer; returns the bytes written, or -1 for none. */
            abstract long store(BiliApiResponse r) throws IOException;

            /** Runs once the body is written (or dropped), before it is recorded. */
            void written() {
            }

            /** Runs after the progress event. */
            abstract void then();

            @Override
            public final void run() {
                try {
                    long written = store(take()); // the body is unreachable from here on
                    written();
                    if (written >= 0) {
                        boolean recorded;
                        try {
                            recorded = record(chunk, written);
                        } finally {
                            recorded();
                        }
                        if (recorded) {
                            progress();
                        }
                    }
                    then();
                } catch (Throwable e) {
                    fail(e);
                }
            }

            private BiliApiResponse take() {
                BiliApiResponse r = response;
                response = null;
                return r;
            }
        }

        /** Starts chunks while fewer than {@code parallelism} bodies are on their way; finishes when none is left. */
        private void pump() {
            List<Integer> starting = new ArrayList<>();
            boolean finished;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                while (receiving < parallelism && !pending.isEmpty()) {
                    starting.add(pending.remove(0));
                    receiving++;
                    inFlight++;
                }
                finished = inFlight == 0 && pending.isEmpty();
            }
            if (finished) {
                finish();
                return;
            }
            for (int index : starting) {
                fetch(index, true).whenComplete((resp, error) -> {
                    if (error != null) {
                        fail(error);
                        return;
                    }
                    executor.execute(new Landed(resp) {
                        @Override
                        long store(BiliApiResponse r) throws IOException {
                            chunk = index;
                            return storeChunk(index, r);
                        }

                        @Override
                        void written() {
                            // the body is on disk: the next request need not wait for the record and the event
                            synchronized (Run.this) {
                                receiving--;
                            }
                            pump();
                        }

                        @Override
                        void then() {
                            synchronized (Run.this) {
                                inFlight--;
                            }
                            pump();
                        }
                    });
                });
            }
        }

        private long storeChunk(int index, BiliApiResponse resp) throws IOException {
            Range r = range(resp);
            String tag = resp.header("ETag");
            synchronized (this) {
                if (r.total != total) {
                    throw new FileChangedException(safe(urls.get(0)) + " changed on the server: size " + total
                            + " became " + r.total);
                }
                if (!sameEtag(etag, tag)) {
                    throw new FileChangedException(safe(urls.get(0)) + " changed on the server: ETag " + etag
                            + " became " + tag);
                }
            }
            if (r.start != start(index) || r.end != end(index)) {
                throw new DownloadException("server answered bytes " + r.start + "-" + r.end + " for "
                        + start(index) + "-" + end(index), null);
            }
            return write(resp.raw(), start(index));
        }

        /**
         * Writes a body at its offset; a written body must then be {@link #record recorded}.
         *
         * @return the bytes written, -1 when the download stopped meanwhile
         */
        private long write(byte[] body, long offset) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(body);
            FileChannel ch;
            synchronized (this) {
                if (stopped) {
                    return -1;
                }
                ch = channel;
                recording++; // ended by recorded()
            }
            try {
                while (buf.hasRemaining()) {
                    ch.write(buf, offset + buf.position());
                }
            } catch (IOException | RuntimeException e) {
                recorded();
                throw e;
            }
            return body.length;
        }

        /**
         * Records a written chunk ({@code index} -1: the whole file in one answer) in the meta file.
         *
         * @return {@code false} when the partial file was discarded meanwhile
         */
        private synchronized boolean record(int index, long written) {
            if (discarded) {
                return false; // but a chunk on disk is recorded after a failure elsewhere: a resume keeps it
            }
            if (index >= 0) {
                done.set(index);
            } else {
                done.set(0, chunks);
            }
            sessionBytes += written;
            new Meta(stream.key(), path(urls.get(0)), total, etag, chunkSize, done).write(meta);
            return true;
        }

        /** Ends a recording; reports a failure that waited for it. */
        private void recorded() {
            Throwable failed = null;
            synchronized (this) {
                recording--;
                if (recording == 0 && deferred != null) {
                    failed = deferred;
                    deferred = null;
                }
            }
            if (failed != null) {
                result.completeExceptionally(failed);
            }
        }

        /** Tells the listener, after the chunk's body is no longer referenced. */
        private synchronized void progress() {
            if (stopped) {
                return;
            }
            long doneBytes = resumedBytes + sessionBytes;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            DownloadProgress progress = new DownloadProgress(Math.min(doneBytes, total), total,
                    seconds > 0 ? sessionBytes / seconds : 0, resumedBytes);
            try {
                listener.onProgress(progress);
            } catch (RuntimeException e) {
                LOG.warn("DownloadListener failed; ignored", e);
            }
        }

        private void finish() {
            try {
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    stopped = true;
                    channel.force(false);
                    long size = channel.size();
                    channel.close();
                    if (size != total) {
                        throw new DownloadException("partial file has " + size + " bytes, expected " + total, null);
                    }
                }
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.deleteIfExists(meta);
                result.complete(new DownloadResult(target, total, etag, resumedBytes, refreshed, failovers,
                        Duration.ofNanos(System.nanoTime() - startNanos)));
            } catch (IOException e) {
                result.completeExceptionally(new DownloadException("cannot finish " + target + ": " + e.getMessage(),
                        e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void cancel() {
            stop(new CancellationException("download of " + target + " cancelled"), false);
        }

        private void fail(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            stop(cause, cause instanceof FileChangedException);
        }

        private void stop(Throwable cause, boolean discard) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                discarded = discard;
                failure = cause;
                try {
                    if (channel != null) {
                        channel.close();
                    }
                } catch (IOException e) {
                    cause.addSuppressed(e);
                }
            }
            if (discard) {
                try {
                    Files.deleteIfExists(part);
                    Files.deleteIfExists(meta);
                } catch (IOException e) {
                    cause.addSuppressed(e);
                }
            }
            synchronized (this) {
                if (!discard && recording > 0) {
                    deferred = cause; // a chunk already on disk is being recorded: a resume right after keeps it
                    return;
                }
            }
            result.completeExceptionally(cause);
        }

        // ------------------------------------------------------------------------------ one request with failover

        /** Fetches one chunk, moving through the URLs; refreshes them once when every one answers 403/410. */
        private CompletableFuture<BiliApiResponse> fetch(int index, boolean sizeKnown) {
            List<String> current;
            int from;
            synchronized (this) {
                current = urls;
                from = preferred;
            }
            long first = start(index);
            long last = sizeKnown ? end(index) : first + chunkSize - 1;
            return attempt(current, from, 0, first, last, new ArrayList<>()).thenCompose(outcome -> {
                if (outcome.response != null) {
                    return CompletableFuture.completedFuture(outcome.response);
                }
                if (outcome.allExpired && stream.origin() != null) {
                    return refreshed(current).thenCompose(fresh -> attempt(fresh, 0, 0, first, last,
                            new ArrayList<>())).thenApply(again -> {
                                if (again.response == null) {
                                    throw failed(again.errors);
                                }
                                return again.response;
                            });
                }
                throw failed(outcome.errors);
            });
        }

        private DownloadException failed(List<String> errors) {
            return new DownloadException("every URL of " + stream.key() + " failed: " + String.join("; ", errors),
                    null);
        }

        private CompletableFuture<Outcome> attempt(List<String> list, int from, int tried, long first, long last,
                List<String> errors) {
            if (tried >= list.size()) {
                boolean expired = errors.stream().allMatch(e -> e.contains("HTTP 403") || e.contains("HTTP 410"));
                return CompletableFuture.completedFuture(new Outcome(null, expired, errors));
            }
            synchronized (this) {
                if (stopped) {
                    return CompletableFuture.failedFuture(new CancellationException("download stopped"));
                }
            }
            int i = (from + tried) % list.size();
            String url = list.get(i);
            BiliApiRequest request = BiliApiRequest.get(context.resolveUrl(url))
                    .header("Referer", REFERER)
                    .header("User-Agent", context.settings().userAgent())
                    .header("Range", "bytes=" + first + "-" + last)
                    .build();
            CompletableFuture<BiliApiResponse> sent;
            try {
                sent = context.client().request(request);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            return sent.handle((resp, error) -> {
                String problem;
                if (error != null) {
                    Throwable c = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    problem = safe(url) + ": " + c.getClass().getSimpleName() + " " + c.getMessage();
                } else if (resp.code() == 206 || resp.code() == 200) {
                    synchronized (this) {
                        if (list == urls && preferred != i) {
                            preferred = i; // later chunks start with the URL that worked
                        }
                    }
                    return CompletableFuture.completedFuture(new Outcome(resp, false, errors));
                } else {
                    problem = safe(url) + ": HTTP " + resp.code();
                }
                errors.add(problem);
                LOG.debug("download request failed, trying the next URL: {}", problem);
                synchronized (this) {
                    failovers++;
                }
                return attempt(list, from, tried + 1, first, last, errors);
            }).thenCompose(f -> f);
        }

        /** One refresh for all chunks that found the URLs expired. */
        private synchronized CompletableFuture<List<String>> refreshed(List<String> expired) {
            if (urls != expired) {
                return CompletableFuture.completedFuture(urls); // someone else already refreshed
            }
            if (refresh == null) {
                refresh = videos.getPlayUrl(stream.origin()).thenApply(p -> {
                    List<String> fresh = find(p, stream.key());
                    synchronized (this) {
                        urls = fresh;
                        preferred = 0;
                        refreshed = true;
                    }
                    return fresh;
                });
                return refresh;
            }
            return refresh.thenCompose(fresh -> {
                // the one refresh is spent: a second expiry fails the download
                throw new DownloadException("URLs of " + stream.key() + " expired again after a refresh", null);
            });
        }

        private List<String> find(PlayUrl p, String key) {
            List<MediaStream> all = new ArrayList<>(p.durl());
            if (p.dash() != null) {
                all.addAll(p.dash().video());
                all.addAll(p.dash().allAudio());
            }
            for (MediaStream s : all) {
                if (s.key().equals(key)) {
                    return s.urls();
                }
            }
            throw new DownloadException("refreshed play URL has no stream " + key, null);
        }

        private Range range(BiliApiResponse resp) {
            if (resp.code() == 200) {
                return new Range(0, resp.raw().length - 1L, resp.raw().length);
            }
            String header = resp.header("Content-Range");
            Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.trim());
            if (m == null || !m.matches() || m.group(3).equals("*")) {
                throw new DownloadException("206 answer without a usable Content-Range: " + header, null);
            }
            Range r = new Range(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
            if (r.end - r.start + 1 != resp.raw().length) {
                throw new DownloadException("Content-Range " + header + " but " + resp.raw().length + " bytes", null);
            }
            return r;
        }
    }

    private static boolean sameEtag(String a, String b) {
        return a == null || b == null || a.equals(b);
    }

    private static String path(String url) {
        String s = safe(url);
        int scheme = s.indexOf("://");
        int slash = scheme < 0 ? -1 : s.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : s.substring(slash);
    }

    private record Range(long start, long end, long total) {
    }

    private record Outcome(BiliApiResponse response, boolean allExpired, List<String> errors) {
    }

    /** The record of finished chunks next to the partial file. */
    private record Meta(String key, String path, long total, String etag, int chunkSize, BitSet done) {

        private static final String MAGIC = "bilibili-api-download/2";

        boolean matches(MediaStream stream, int chunk) {
            return key.equals(stream.key()) && path.equals(VideoDownloader.path(stream.baseUrl())) && chunkSize == chunk && total > 0;
        }

        /**
         * Overwrites the record in place: one positional write into the same file, no temporary file renamed over
         * it (ext4 flushes a file renamed over another, and that flush waits behind the partial file's dirty pages,
         * on the thread that writes the chunks). A checksummed header makes a torn or stale record unreadable rather
         * than wrong; bytes after the record (left by a longer earlier one) are ignored.
         */
        void write(Path file) {
            StringBuilder sb = new StringBuilder();
            sb.append("key=").append(esc(key)).append('\n');
            sb.append("path=").append(esc(path)).append('\n');
            sb.append("total=").append(total).append('\n');
            if (etag != null) {
                sb.append("etag=").append(esc(etag)).append('\n');
            }
            sb.append("chunkSize=").append(chunkSize).append('\n');
            sb.append("done=");
            for (int i = done.nextSetBit(0); i >= 0; ) {
                int to = done.nextClearBit(i); // runs, so a record stays small however many chunks are done
                sb.append(sb.charAt(sb.length() - 1) == '=' ? "" : ",").append(i);
                if (to - 1 > i) {
                    sb.append('-').append(to - 1);
                }
                i = done.nextSetBit(to);
            }
            sb.append('\n');
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(body);
            byte[] head = String.format(Locale.ROOT, "%s %d %08x\n", MAGIC, body.length, crc.getValue())
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buf = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                while (buf.hasRemaining()) {
                    ch.write(buf, buf.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        /** Escapes a value for {@link Properties#load(java.io.Reader)}. */
        private static String esc(String v) {
            String e = v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
            return e.startsWith(" ") || e.startsWith("\t") ? "\\" + e : e;
        }

        static Meta read(Path file) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                byte[] all = Files.readAllBytes(file);
                int nl = 0;
                while (nl < all.length && all[nl] != '\n') {
                    nl++;
                }
                String[] head = new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
                if (head.length != 3 || !head[0].equals(MAGIC)) {
                    throw new IllegalArgumentException("not a download record");
                }
                int length = Integer.parseInt(head[1]);
                if (length < 0 || length > all.length - nl - 1) {
                    throw new IllegalArgumentException("truncated");
                }
                CRC32 crc = new CRC32();
                crc.update(all, nl + 1, length);
                if (crc.getValue() != Long.parseLong(head[2], 16)) {
                    throw new IllegalArgumentException("checksum mismatch");
                }
                Properties p = new Properties();
                p.load(new java.io.StringReader(new String(all, nl + 1, length, StandardCharsets.UTF_8)));
                BitSet done = new BitSet();
                for (String s : p.getProperty("done", "").split(",")) {
                    if (!s.isBlank()) {
                        int dash = s.indexOf('-');
                        int from = Integer.parseInt(s.substring(0, dash < 0 ? s.length() : dash).trim());
                        int to = dash < 0 ? from : Integer.parseInt(s.substring(dash + 1).trim());
                        done.set(from, to + 1);
                    }
                }
                return new Meta(p.getProperty("key", ""), p.getProperty("path", ""),
                        Long.parseLong(p.getProperty("total", "-1")), p.getProperty("etag"),
                        Integer.parseInt(p.getProperty("chunkSize", "0")), done);
            } catch (IOException | RuntimeException e) {
                LOG.warn("ignoring unreadable {}: {}", file, e.toString());
                return null;
            }
        }
    }

    /** Builder of {@link VideoDownloader}. */
    public static final class Builder {
        private final BiliContext context;
        private int chunkSize = 4 * 1024 * 1024;
        private int parallelism = 4;
        private Executor executor = ForkJoinPool.commonPool();

        private Builder(BiliContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /**
         * @param bytes bytes per Range request, 64 KiB to the client's {@code maxResponseBytes} (default 4 MiB)
         * @return this
         * @throws IllegalArgumentException when out of range
         */
        public Builder chunkSize(int bytes) {
            long max = context.client().settings().maxResponseBytes();
            if (bytes < 64 * 1024 || bytes > max) {
                throw new IllegalArgumentException("chunkSize must be between 65536 and the client's maxResponseBytes ("
                        + max + "), got " + bytes);
            }
            chunkSize = bytes;
            return this;
        }

        /**
         * @param chunks chunks in flight, 1 to 32 (default 4)
         * @return this
         * @throws IllegalArgumentException when out of range
         */
        public Builder parallelism(int chunks) {
            if (chunks < 1 || chunks > 32) {
                throw new IllegalArgumentException("parallelism must be between 1 and 32, got " + chunks);
            }
            parallelism = chunks;
            return this;
        }

        /**
         * @param v where chunks are written to disk and listeners run (default the common pool); not the HTTP
         *          library's threads, which must not block on the disk
         * @return this
         */
        public Builder executor(Executor v) {
            executor = Objects.requireNonNull(v, "executor");
            return this;
        }

        /** @return the downloader */
        public VideoDownloader build() {
            if (chunkSize > context.client().settings().maxResponseBytes()) {
                throw new IllegalArgumentException("chunkSize " + chunkSize + " exceeds the client's maxResponseBytes "
                        + context.client().settings().maxResponseBytes());
            }
            return new VideoDownloader(this);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "VideoDownloader[chunk=%d, parallelism=%d]", chunkSize, parallelism);
    }
}
