package io.gbmesh.api.mqtt;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * What happens to a client's PUBLISH: a command to {@code gb/cmd/{clientId}/{requestId}} is checked,
 * run, and answered on the sender's own {@code gb/reply/{clientId}/{requestId}}; anything else is
 * acknowledged and discarded (the endpoint is not a broker). Runs on the endpoint's event loop.
 *
 * <p>A command is refused with a {@code 403} reply, and counted, when it names another client's ID
 * (its reply would go to that client) or when the client's token may only read. Publishes to reply
 * topics are discarded and counted: only the endpoint answers there.
 */
final class CommandIntake {
    /** Sends a reply to the client that holds {@code clientId} now, if any. */
    @FunctionalInterface
    interface Replies {
        void send(String clientId, Publication reply);
    }

    private final Function<Buffer, Future<JsonObject>> commands;
    private final int maxPayloadBytes;
    private final MqttCounters counters;
    private final Replies replies;

    CommandIntake(Function<Buffer, Future<JsonObject>> commands, int maxPayloadBytes, MqttCounters counters,
                  Replies replies) {
        this.commands = commands;
        this.maxPayloadBytes = maxPayloadBytes;
        this.counters = counters;
        this.replies = replies;
    }

    void onPublish(ClientSession session, String topic, Buffer payload) {
        counters.publishesIn.incrementAndGet();
        CommandTopic command = CommandTopic.parse(topic);
        if (command == null) {
            if (topic.startsWith(ClientRights.REPLY_PREFIX)) {
                counters.refusedPublishes.incrementAndGet();
            } else {
                counters.ignoredPublishes.incrementAndGet();
            }
            return;
        }
        counters.commands.incrementAndGet();
        ClientRights rights = session.rights();
        if (!command.clientId().equals(rights.clientId())) {
            refuse(rights, command, "commands on gb/cmd/" + command.clientId()
                    + "/... come from that client only; send yours to gb/cmd/" + rights.clientId() + "/...");
            return;
        }
        if (!rights.mayRunCommands()) {
            refuse(rights, command, "token '" + rights.grant().name() + "' may only read");
            return;
        }
        if (payload.length() > maxPayloadBytes) {
            reply(rights, command, Commands.error(413, "the command is larger than " + maxPayloadBytes + " bytes"));
            return;
        }
        if (session.pendingCommands >= ClientSession.MAX_PENDING_COMMANDS) {
            reply(rights, command, Commands.error(429, "too many commands in progress for this client"));
            return;
        }
        session.pendingCommands++;
        commands.apply(payload).onComplete(ar -> {
            session.pendingCommands--;
            reply(rights, command, ar.succeeded() ? ar.result() : Commands.error(500, "internal error"));
        });
    }

    private void refuse(ClientRights rights, CommandTopic command, String why) {
        counters.refusedCommands.incrementAndGet();
        reply(rights, command, Commands.error(403, why));
    }

    /** Replies are for the asking client only: not retained, not bridged, not seen by wildcard subscribers of others. */
    private void reply(ClientRights rights, CommandTopic command, JsonObject body) {
        replies.send(rights.clientId(), Publication.of(rights.replyTopic(command.requestId()), body.encode(), false));
    }
}
