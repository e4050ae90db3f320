package io.gbmesh.sipstack;

/** What an endpoint does with a new incoming request (retransmissions never reach it). */
@FunctionalInterface
public interface SipRequestHandler {
    void handle(ServerTransaction transaction);
}
