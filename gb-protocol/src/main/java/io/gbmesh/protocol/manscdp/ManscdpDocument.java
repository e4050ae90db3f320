package io.gbmesh.protocol.manscdp;

import java.util.Optional;

/**
 * A parsed MANSCDP body: its root kind, the three fields every message carries ({@code CmdType},
 * {@code SN}, {@code DeviceID}) and generic access to the rest. Typed views ({@link Keepalive},
 * {@link CatalogResponse}, ...) are built from it with their {@code from(ManscdpDocument)} factories.
 */
public final class ManscdpDocument {

    private final ManscdpRoot root;
    private final String cmdType;
    private final long sn;
    private final String deviceId;
    private final ManscdpElement rootElement;

    ManscdpDocument(ManscdpRoot root, String cmdType, long sn, String deviceId, ManscdpElement rootElement) {
        this.root = root;
        this.cmdType = cmdType;
        this.sn = sn;
        this.deviceId = deviceId;
        this.rootElement = rootElement;
    }

    public ManscdpRoot root() {
        return root;
    }

    /** {@code CmdType} as the sender spelled it. */
    public String cmdType() {
        return cmdType;
    }

    /** True when {@code CmdType} equals {@code name} ignoring case ({@code catalog} is {@code Catalog}). */
    public boolean isCmdType(String name) {
        return cmdType.equalsIgnoreCase(name);
    }

    /** True for this root and command type. */
    public boolean is(ManscdpRoot expectedRoot, String expectedCmdType) {
        return root == expectedRoot && isCmdType(expectedCmdType);
    }

    /** For typed views: refuses a document of another root or command type. */
    void require(ManscdpRoot expectedRoot, String expectedCmdType) {
        if (!is(expectedRoot, expectedCmdType)) {
            throw new ManscdpParseException("expected " + expectedRoot + "/" + expectedCmdType + " but got " + root + "/" + cmdType);
        }
    }

    public long sn() {
        return sn;
    }

    /**
     * {@code DeviceID}, or {@code ""} when the message has none (a {@code Broadcast} notify carries
     * {@code SourceID} and {@code TargetID} instead).
     */
    public String deviceId() {
        return deviceId;
    }

    /** Text of a direct child of the root, ignoring the case of the name. */
    public Optional<String> text(String name) {
        return rootElement.childText(name);
    }

    /** The whole root element, for fields the typed views do not cover. */
    public ManscdpElement rootElement() {
        return rootElement;
    }

    @Override
    public String toString() {
        return root + "/" + cmdType + " SN=" + sn + " DeviceID=" + deviceId;
    }
}
