package io.gbmesh.api.control;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.ControlFailure;
import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Sends a {@link DeviceControlRequest} to whichever gateway node owns the device and gives back the
 * device's answer, or a {@link Failed} whose status is what the API answers: offline 503, no answer
 * 504, the device's error 502, not supported by the device 501 (with the device's words), a value
 * the gateway refused 400, too many commands waiting 429. No gateway at all is 503.
 */
public final class ControlCalls {
    /** A failed control: the HTTP status and the detail. */
    public static final class Failed extends RuntimeException {
        private final int status;

        Failed(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Vertx vertx;
    private final long timeoutMillis;

    public ControlCalls(Vertx vertx, long timeoutMillis) {
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
    }

    public Future<DeviceControlResult> send(DeviceControlRequest request) {
        return vertx.eventBus().<DeviceControlResult>request(Addresses.DEVICE_CONTROL, request,
                        new DeliveryOptions().setSendTimeout(timeoutMillis))
                .map(reply -> reply.body())
                .recover(err -> Future.failedFuture(failure(request.deviceId(), err)));
    }

    static Failed failure(String deviceId, Throwable err) {
        if (err instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return new Failed(503, "no SIP gateway is running");
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new Failed(504, "no answer from device " + deviceId + " in time");
            }
            return switch (ControlFailure.of(re.failureCode())) {
                case DEVICE_OFFLINE -> new Failed(503, "device " + deviceId + " is offline: " + re.getMessage());
                case DEVICE_TIMEOUT -> new Failed(504, "device " + deviceId + " did not answer: " + re.getMessage());
                case NOT_SUPPORTED -> new Failed(501, "device " + deviceId + " does not support this: " + re.getMessage());
                case BAD_REQUEST -> new Failed(400, re.getMessage());
                case TOO_MANY_PENDING -> new Failed(429, re.getMessage());
                case DEVICE_ERROR -> new Failed(502, "device " + deviceId + " answered with an error: " + re.getMessage());
            };
        }
        return new Failed(502, "the command failed: " + err.getMessage());
    }
}
