package io.gbmesh.protocol.auth;

import java.time.Duration;

/**
 * Rough single-thread figure for {@link DigestVerifier#verify}, each call on a fresh nonce as in a
 * registration storm. Not a test: run by hand after {@code mvn test-compile} with
 * {@code java -cp gb-protocol/target/classes:gb-protocol/target/test-classes io.gbmesh.protocol.auth.DigestVerifierThroughput}.
 */
public final class DigestVerifierThroughput {

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        NonceAuthority authority = new NonceAuthority(NonceAuthority.generateSecret());
        DigestVerifier verifier = new DigestVerifier("3402000000", authority,
                new NonceUseTracker(NonceAuthority.DEFAULT_LIFETIME));
        long now = System.currentTimeMillis();
        DigestCredentials[] registers = new DigestCredentials[count];
        long issueStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            DigestChallenge challenge = verifier.challenge(now, false);
            registers[i] = DigestCalculator.answer(challenge, "3402000000132" + String.format("%07d", i), "12345678",
                    "REGISTER", "sip:34020000002000000001@3402000000", () -> "", 1);
        }
        long issueNanos = System.nanoTime() - issueStart;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            int ok = 0;
            for (DigestCredentials register : registers) {
                if (verifier.verify("REGISTER", register, "12345678", now) == DigestVerifier.Outcome.OK) {
                    ok++;
                }
            }
            long nanos = System.nanoTime() - start;
            System.out.printf("round %d: %,d verify() in %d ms = %,.0f per second on one thread (%,d OK, rest replays)%n",
                    round, count, nanos / 1_000_000, count * 1e9 / nanos, ok);
        }
        System.out.printf("challenge+answer (client side included): %,.0f per second%n", count * 1e9 / issueNanos);
    }
}
