package io.gbmesh.gateway.dialog;

/** Why an INVITE or a BYE failed, as a {@link io.gbmesh.contracts.QueryFailure} code for the reply. */
final class DialogFailure extends RuntimeException {
    private final int code;

    DialogFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
