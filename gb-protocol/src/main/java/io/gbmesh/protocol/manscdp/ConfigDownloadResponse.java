package io.gbmesh.protocol.manscdp;

import java.util.Optional;

/** {@code Response/ConfigDownload} (A.2.6.7); only the {@code BasicParam} block is read so far. */
public record ConfigDownloadResponse(String result, Optional<BasicParam> basicParam) {

    public static ConfigDownloadResponse from(ManscdpDocument document) {
        document.require(ManscdpRoot.Response, "ConfigDownload");
        ManscdpElement root = document.rootElement();
        return new ConfigDownloadResponse(root.childTextOrEmpty("Result"), root.child("BasicParam").map(BasicParam::from));
    }
}
