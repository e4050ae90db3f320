package io.gbmesh.api.streams;

import io.gbmesh.contracts.MediaNodeFailure;
import io.gbmesh.contracts.QueryFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A stream that could not be started or stopped: the HTTP status that says why, and the step of the
 * start it failed at (null outside a start). The status comes from the failure codes of the
 * contracts ({@link QueryFailure} from the gateway, {@link MediaNodeFailure} from a media node),
 * read by the step that asked, never from a message's text.
 */
public final class StreamFailure extends RuntimeException {
    private final int status;
    private final StartStep step;

    public StreamFailure(int status, String message) {
        this(status, null, message);
    }

    public StreamFailure(int status, StartStep step, String message) {
        super(message, null, false, false);
        this.status = status;
        this.step = step;
    }

    public int status() {
        return status;
    }

    /** The step of the start that failed, or null. */
    public StartStep step() {
        return step;
    }

    /** What a failure of the request a step made means for the client. */
    static StreamFailure during(StartStep step, Throwable err) {
        if (err instanceof StreamFailure f) {
            return f.step != null ? f : new StreamFailure(f.status, step, f.getMessage());
        }
        if (!(err instanceof ReplyException re)) {
            return new StreamFailure(500, step, String.valueOf(err.getMessage()));
        }
        if (re.failureType() == ReplyFailure.NO_HANDLERS) {
            return new StreamFailure(503, step, switch (step) {
                case INVITE -> "no SIP gateway is running";
                case OPEN_PORT, CONFIRM -> "the media node left the mesh";
                default -> "no component answers on the mesh";
            });
        }
        if (re.failureType() == ReplyFailure.TIMEOUT) {
            return new StreamFailure(504, step, switch (step) {
                case INVITE -> "the device did not answer the INVITE in time";
                case OPEN_PORT, CONFIRM -> "the media node did not answer in time";
                default -> "no answer in time";
            });
        }
        int code = re.failureCode();
        String detail = re.getMessage();
        return switch (step) {
            case OPEN_PORT, CONFIRM -> switch (code) {
                case MediaNodeFailure.NO_PORT -> new StreamFailure(409, step, "the media node has no free RTP port");
                case MediaNodeFailure.CONNECT_FAILED -> new StreamFailure(504, step,
                        "the media node could not connect to the device: " + detail);
                case MediaNodeFailure.UNKNOWN_STREAM -> new StreamFailure(502, step, "the media node lost the stream");
                default -> new StreamFailure(500, step, "the media node refused the request: " + detail);
            };
            case INVITE -> switch (code) {
                case QueryFailure.UNKNOWN_DEVICE -> new StreamFailure(404, step, detail);
                case QueryFailure.DEVICE_OFFLINE -> new StreamFailure(503, step, detail);
                case QueryFailure.DEVICE_TIMEOUT -> new StreamFailure(504, step, detail);
                case QueryFailure.TOO_MANY_PENDING -> new StreamFailure(429, step, detail);
                case QueryFailure.BAD_REQUEST -> new StreamFailure(400, step, detail);
                default -> new StreamFailure(502, step, "the device refused the INVITE: " + detail);
            };
            default -> new StreamFailure(code >= 400 && code < 600 ? code : 502, step, detail);
        };
    }
}
