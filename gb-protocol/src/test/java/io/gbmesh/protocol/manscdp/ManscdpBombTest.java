package io.gbmesh.protocol.manscdp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies built to make a parser recurse or backtrack: each is refused with a {@link ManscdpParseException}
 * in bounded time, never a {@link StackOverflowError} or a stall on the SIP event loop.
 */
class ManscdpBombTest {
    private static final String HEAD = "<Response><CmdType>Catalog</CmdType><SN>1</SN><SumNum>1</SumNum>";

    static Stream<Arguments> bombs() {
        StringBuilder attributes = new StringBuilder("<Response a0=\"x\"");
        for (int i = 1; i < 60_000; i++) {
            attributes.append(" a").append(i).append("=\"x\"");
        }
        attributes.append("><CmdType>Catalog</CmdType><SN>1</SN></Response>");
        return Stream.of(
                Arguments.of("<??> repeated", "<??>".repeat(15_000)),
                Arguments.of("<??> repeated before a root", "<??>".repeat(50_000) + "<Query><CmdType>Catalog</CmdType><SN>1</SN></Query>!"),
                Arguments.of("unterminated processing instructions", "<?".repeat(100_000)),
                Arguments.of("comments without end", "<!--".repeat(100_000)),
                Arguments.of("many comments before garbage", "<!-- c -->".repeat(50_000) + "garbage"),
                Arguments.of("many comments inside", HEAD + "<!-- c -->".repeat(50_000) + "</Response"),
                Arguments.of("deeply nested elements", HEAD + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</Response>"),
                Arguments.of("deeply nested, unclosed", HEAD + "<a>".repeat(200_000)),
                Arguments.of("huge attribute list", attributes.toString()),
                Arguments.of("declaration without end", "<?xml version=\"1.0\" encoding=\"" + "x".repeat(500_000)),
                Arguments.of("declaration of quotes", "<?xml encoding=" + "\"'".repeat(200_000)),
                Arguments.of("an element name of 60,000 characters", HEAD + "<Cont" + "nt".repeat(30_000) + "></Response>"),
                Arguments.of("a closing tag name of 60,000 characters", HEAD + "<a></" + "a".repeat(60_000) + "></Response>"),
                Arguments.of("a DOCTYPE in any case", "<!doctype r>" + HEAD + "</Response>"),
                Arguments.of("thousands of attributes over few elements", HEAD + "<a b=\"1\" c=\"2\" d=\"3\"/>".repeat(2_000) + "</Response>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void aBombIsATypedFailureInBoundedTime(String name, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ManscdpParseException.class, () -> ManscdpCodec.parse(bytes)));
    }
}
