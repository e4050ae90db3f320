package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Platform queries are byte-identical to the reference §6.4 bodies: two-space indent and CRLF line ends
 * with none after {@code </Query>} (only that adds up to the Content-Length the reference shows).
 */
class ManscdpQueriesTest {

    private static byte[] crlf(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void deviceInfoQueryMatchesReferenceAndItsContentLength() {
        byte[] expected = crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>DeviceInfo</CmdType>",
                "  <SN>10019</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "</Query>");

        byte[] built = ManscdpQueries.deviceInfo(10019, "34020000001320000002");

        assertArrayEquals(expected, built);
        assertEquals(154, built.length, "Content-Length of the reference DeviceInfo query");
    }

    @Test
    void deviceStatusQueryMatchesReference() {
        byte[] built = ManscdpQueries.deviceStatus(10018, "34020000001320000002");

        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>DeviceStatus</CmdType>",
                "  <SN>10018</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "</Query>"), built);
        assertEquals(156, built.length);
    }

    @Test
    void configDownloadQueryMatchesReference() {
        byte[] built = ManscdpQueries.configDownload(10020, "34020000001320000002", ManscdpQueries.CONFIG_BASIC_PARAM);

        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>ConfigDownload</CmdType>",
                "  <SN>10020</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "  <ConfigType>BasicParam</ConfigType>",
                "</Query>"), built);
        assertEquals(197, built.length);
    }

    @Test
    void catalogQueryMatchesReference() {
        byte[] built = ManscdpQueries.catalog(10021, "34020000001320000002");

        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>Catalog</CmdType>",
                "  <SN>10021</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "</Query>"), built);
        assertEquals(151, built.length);
    }

    @Test
    void builtQueryParsesBack() {
        ManscdpDocument document = ManscdpCodec.parse(ManscdpQueries.catalog(7, "34020000001320000002"));

        assertEquals(ManscdpRoot.Query, document.root());
        assertEquals("Catalog", document.cmdType());
        assertEquals(7, document.sn());
        assertEquals("34020000001320000002", document.deviceId());
    }

    @Test
    void textIsEscaped() {
        String built = new String(ManscdpQueries.configDownload(1, "a&b<c>\"d'", "x"), StandardCharsets.US_ASCII);

        assertEquals("  <DeviceID>a&amp;b&lt;c&gt;&quot;d&apos;</DeviceID>", built.split("\r\n")[4]);
        assertEquals("a&b<c>\"d'", ManscdpCodec.parse(built.getBytes(StandardCharsets.US_ASCII)).deviceId());
    }
}
