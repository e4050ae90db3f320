package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void countersByMethodAndStatusBecomeLabelledFamilies() {
        Map<String, Long> counters = new TreeMap<>(Map.of("rx.request.REGISTER", 7L, "rx.request.MESSAGE", 3L,
                "tx.response.200", 9L, "parse.error.HEADER", 1L, "register.accepted", 5L));
        String text = PrometheusText.render("gateway", counters, Map.of("devices_owned", 5));
        assertEquals(String.join("\n",
                "# TYPE gbmesh_gateway_devices_owned gauge",
                "gbmesh_gateway_devices_owned 5",
                "# TYPE gbmesh_gateway_parse_error_total counter",
                "gbmesh_gateway_parse_error_total{kind=\"HEADER\"} 1",
                "# TYPE gbmesh_gateway_register_accepted_total counter",
                "gbmesh_gateway_register_accepted_total 5",
                "# TYPE gbmesh_gateway_rx_request_total counter",
                "gbmesh_gateway_rx_request_total{kind=\"MESSAGE\"} 3",
                "gbmesh_gateway_rx_request_total{kind=\"REGISTER\"} 7",
                "# TYPE gbmesh_gateway_tx_response_total counter",
                "gbmesh_gateway_tx_response_total{kind=\"200\"} 9", ""), text);
    }
}
