package io.gbmesh.launcher.bench;

import io.gbmesh.protocol.auth.AuthParseException;
import io.gbmesh.protocol.auth.DigestCalculator;
import io.gbmesh.protocol.auth.DigestChallenge;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A compromised camera in the soak: a device of its own with valid credentials, registered from its
 * own address, that lies in what it says. It unregisters and registers again every cycle, so that
 * the platform asks it again who it is (the DeviceInfo and Catalog queries of a device coming
 * online), and answers with another device's ID in the body: the "device X renames device Y"
 * attack. Its other lies (body IDs of other devices, made-up CmdTypes) are sent by the attacker
 * through {@link #send}. Driven from the attacker's one thread.
 */
final class RogueCamera {
    enum State { IDLE, REGISTERING, REGISTERED, UNREGISTERING }

    final String id;
    final AttackMessages.Source source;
    private final String password;
    private final long cycleNanos;
    private final Consumer<byte[]> send;
    private final Supplier<Long> seq;
    private final String callId;
    private long cseq = 1;
    private long nc;
    private State state = State.IDLE;
    private long since;
    private int pendingExpires;

    RogueCamera(String id, AttackMessages.Source source, String password, long cycleNanos, Consumer<byte[]> send, Supplier<Long> seq) {
        this.id = id;
        this.source = source;
        this.password = password;
        this.cycleNanos = cycleNanos;
        this.send = send;
        this.seq = seq;
        this.callId = "rogue" + id + "@" + source.host();
    }

    boolean registered() {
        return state == State.REGISTERED;
    }

    /** Once a second: register, or start the next cycle, or give up on a lost answer. */
    void tick(long now, AttackTally tally) {
        switch (state) {
            case IDLE -> register(now, 3600, null, tally);
            case REGISTERED -> {
                if (now - since > cycleNanos) {
                    register(now, 0, null, tally);
                }
            }
            case REGISTERING, UNREGISTERING -> {
                if (now - since > 5_000_000_000L) {
                    tally.note("rogue-camera.register-lost", 1);
                    state = State.IDLE;
                }
            }
        }
    }

    private void register(long now, int expires, String authorization, AttackTally tally) {
        long s = seq.get();
        byte[] msg = AttackMessages.register(source, id, "rogue-camera-register", s, callId, cseq++, expires, authorization);
        tally.sent(AttackMessages.branch("rogue-camera-register", s), now);
        send.accept(msg);
        state = expires > 0 ? State.REGISTERING : State.UNREGISTERING;
        pendingExpires = expires;
        since = now;
    }

    /** The answer to one of its REGISTERs. */
    void onRegisterResponse(SipText r, long now, AttackTally tally) {
        if (state != State.REGISTERING && state != State.UNREGISTERING) {
            return;
        }
        int status = r.status();
        if (status == 401 && !r.header("www-authenticate").isEmpty()) {
            try {
                DigestChallenge c = DigestChallenge.parse(r.header("www-authenticate"));
                String auth = DigestCalculator.answer(c, id, password, "REGISTER", AttackMessages.RURI,
                        () -> Long.toHexString(ThreadLocalRandom.current().nextLong()), ++nc).toHeaderValue();
                register(now, pendingExpires, auth, tally);
            } catch (AuthParseException | RuntimeException e) {
                tally.note("rogue-camera.challenge-unreadable", 1);
                state = State.IDLE;
            }
            return;
        }
        if (status >= 200 && status < 300) {
            tally.note(pendingExpires > 0 ? "rogue-camera.registered" : "rogue-camera.unregistered", 1);
            state = pendingExpires > 0 ? State.REGISTERED : State.IDLE;
        } else {
            tally.note("rogue-camera.register-refused." + status, 1);
            state = State.IDLE;
        }
        since = now;
    }

    /**
     * A request from the platform: 200, and when it is a DeviceInfo or Catalog query, an answer with
     * the victim's DeviceID in the body.
     */
    void onRequest(SipText req, String victim, String forgedChannel, long now, AttackTally tally, Consumer<byte[]> reply) {
        reply.accept(AttackMessages.ok(req));
        if (!req.method().equals("MESSAGE") || !"Query".equals(rootOf(req.body))) {
            return;
        }
        String cmd = req.element("CmdType");
        String sn = req.element("SN");
        long snValue;
        try {
            snValue = Long.parseLong(sn);
        } catch (RuntimeException e) {
            return;
        }
        String body;
        String label;
        if ("DeviceInfo".equalsIgnoreCase(cmd)) {
            body = AttackMessages.deviceInfoResponse(snValue, victim);
            label = "rename-by-answering-own-query";
        } else if ("Catalog".equalsIgnoreCase(cmd)) {
            body = AttackMessages.catalogResponse(snValue, victim, forgedChannel);
            label = "catalog-by-answering-own-query";
        } else {
            return;
        }
        long s = seq.get();
        tally.sent(AttackMessages.branch(label, s), now);
        send.accept(AttackMessages.request("MESSAGE", source, ";rport", id, label, s, body));
    }

    private static String rootOf(String body) {
        int i = body.indexOf('<');
        while (i >= 0 && i + 1 < body.length() && (body.charAt(i + 1) == '?' || body.charAt(i + 1) == '!')) {
            i = body.indexOf('<', i + 1);
        }
        if (i < 0) {
            return "";
        }
        int end = i + 1;
        while (end < body.length() && Character.isLetter(body.charAt(end))) {
            end++;
        }
        return body.substring(i + 1, end);
    }
}
