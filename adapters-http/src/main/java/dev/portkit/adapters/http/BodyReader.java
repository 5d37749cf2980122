package dev.portkit.adapters.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads each request body in full, without holding a thread, before the request reaches the
 * (blocking) handlers: a client that sends its body slowly occupies a connection, never one of the
 * threads that answer other requests such as {@code /health/live}.
 *
 * <p>The body must arrive within {@code bodyTimeout} of the end of the headers and within {@code
 * maxBytes}, else the request ends with 408 or 413 (a body somewhat over the limit is read and
 * dropped first, so that the client, still sending it, gets the answer). Framing the parser
 * rejects mid-body (a chunk size such as {@code zz}) ends it with 400. Requests with more than
 * {@code maxHeaders} header fields end with 431. Every such answer is the API's JSON error.
 */
final class BodyReader extends Handler.Wrapper {

    private final long maxBytes;
    private final Duration bodyTimeout;
    private final int maxHeaders;

    BodyReader(long maxBytes, Duration bodyTimeout, int maxHeaders) {
        this.maxBytes = maxBytes;
        this.bodyTimeout = bodyTimeout;
        this.maxHeaders = maxHeaders;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getHeaders().size() > maxHeaders) {
            return reject(request, response, callback, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431);
        }
        long length = request.getLength();
        if (length > discardLimit()) {
            return reject(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
        }
        if (length == 0 || (length < 0 && !chunked(request))) {
            return super.handle(request, response, callback);
        }
        new Body(request, response, callback).start();
        return true;
    }

    /**
     * A body over the limit is still read (and dropped) up to this size before the 413, so that the
     * client, which is busy sending it, gets the answer rather than a reset connection.
     */
    private long discardLimit() {
        return Math.max(4 * maxBytes, 1024 * 1024);
    }

    private static boolean chunked(Request request) {
        for (HttpField field : request.getHeaders().getFields(HttpHeader.TRANSFER_ENCODING)) {
            if (field.contains(HttpHeaderValue.CHUNKED.asString())) {
                return true;
            }
        }
        return false;
    }

    /** Ends the request with an error; Jetty closes the connection if the body was left unread. */
    private static boolean reject(Request request, Response response, Callback callback, int status) {
        Response.writeError(request, response, callback, status);
        return true;
    }

    /** One body being read: demand-driven, completed once by the last chunk, a failure or the timer. */
    private final class Body implements Invocable.Task {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicBoolean finished = new AtomicBoolean();
        private long received;
        private volatile boolean overflow;
        private volatile Scheduler.Task timer;

        Body(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void start() {
            timer = request.getComponents()
                    .getScheduler()
                    .schedule(this::timedOut, bodyTimeout.toNanos(), TimeUnit.NANOSECONDS);
            run();
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        /** Reads what has arrived; asks to be called again when more does. */
        @Override
        public void run() {
            while (!finished.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                try {
                    if (Content.Chunk.isFailure(chunk)) {
                        failed(chunk.getFailure());
                        return;
                    }
                    ByteBuffer buffer = chunk.getByteBuffer();
                    received += buffer.remaining();
                    overflow |= received > maxBytes;
                    if (received > discardLimit()) {
                        fail(HttpStatus.PAYLOAD_TOO_LARGE_413);
                        return;
                    }
                    if (!overflow) {
                        byte[] part = new byte[buffer.remaining()];
                        buffer.get(part);
                        bytes.writeBytes(part);
                    }
                    if (chunk.isLast()) {
                        if (overflow) {
                            fail(HttpStatus.PAYLOAD_TOO_LARGE_413);
                        } else {
                            complete();
                        }
                        return;
                    }
                } finally {
                    chunk.release();
                }
            }
        }

        private void complete() {
            if (finished.compareAndSet(false, true)) {
                cancelTimer();
                Request buffered = new BufferedRequest(request, bytes.toByteArray());
                // The handlers block: run them on a pool thread, not on the thread that delivered the data.
                request.getContext().execute(() -> handleNext(buffered));
            }
        }

        private void handleNext(Request buffered) {
            try {
                if (!BodyReader.super.handle(buffered, response, callback)) {
                    Response.writeError(buffered, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable t) {
                callback.failed(t);
            }
        }

        private void cancelTimer() {
            Scheduler.Task task = timer;
            if (task != null) {
                task.cancel();
            }
        }

        private void timedOut() {
            fail(overflow ? HttpStatus.PAYLOAD_TOO_LARGE_413 : HttpStatus.REQUEST_TIMEOUT_408);
        }

        private void failed(Throwable failure) {
            if (failure instanceof EofException) {
                // the client went away mid-body: nobody is left to answer
                if (finished.compareAndSet(false, true)) {
                    cancelTimer();
                    callback.failed(failure);
                }
            } else if (failure instanceof HttpException http) {
                fail(http.getCode());
            } else if (failure instanceof TimeoutException) {
                timedOut();
            } else {
                fail(HttpStatus.BAD_REQUEST_400);
            }
        }

        private void fail(int status) {
            if (finished.compareAndSet(false, true)) {
                cancelTimer();
                reject(request, response, callback, status);
            }
        }
    }

    /** The request as the handlers see it: its body already read, served from memory. */
    private static final class BufferedRequest extends Request.Wrapper {

        private final Content.Source body;

        BufferedRequest(Request request, byte[] body) {
            super(request);
            this.body = Content.Source.from(ByteBuffer.wrap(body));
        }

        @Override
        public Content.Chunk read() {
            return body.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            body.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            body.fail(failure);
        }
    }
}
