package io.gbmesh.protocol.sip;

import java.util.Locale;
import java.util.Map;

/**
 * Canonical SIP header names, compact forms (RFC 3261 §7.3.3) and which headers may be
 * comma-joined (RFC 3261 §7.3.1).
 */
public final class SipHeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String CONTACT = "Contact";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String USER_AGENT = "User-Agent";
    public static final String EXPIRES = "Expires";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_ENCODING = "Content-Encoding";
    public static final String SUBJECT = "Subject";
    public static final String SUPPORTED = "Supported";
    public static final String DATE = "Date";
    public static final String AUTHORIZATION = "Authorization";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";
    public static final String EVENT = "Event";
    public static final String SUBSCRIPTION_STATE = "Subscription-State";
    public static final String ALLOW = "Allow";
    public static final String SERVER = "Server";
    public static final String REASON = "Reason";

    private static final Map<String, String> COMPACT = Map.of(
            "v", VIA, "f", FROM, "t", TO, "i", CALL_ID, "m", CONTACT,
            "l", CONTENT_LENGTH, "c", CONTENT_TYPE, "k", SUPPORTED, "s", SUBJECT, "e", CONTENT_ENCODING);

    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("via", VIA), Map.entry("from", FROM), Map.entry("to", TO),
            Map.entry("call-id", CALL_ID), Map.entry("cseq", CSEQ), Map.entry("contact", CONTACT),
            Map.entry("max-forwards", MAX_FORWARDS), Map.entry("user-agent", USER_AGENT),
            Map.entry("expires", EXPIRES), Map.entry("content-length", CONTENT_LENGTH),
            Map.entry("content-type", CONTENT_TYPE), Map.entry("content-encoding", CONTENT_ENCODING),
            Map.entry("subject", SUBJECT), Map.entry("supported", SUPPORTED), Map.entry("date", DATE),
            Map.entry("authorization", AUTHORIZATION), Map.entry("www-authenticate", WWW_AUTHENTICATE),
            Map.entry("route", ROUTE), Map.entry("record-route", RECORD_ROUTE), Map.entry("event", EVENT),
            Map.entry("subscription-state", SUBSCRIPTION_STATE), Map.entry("allow", ALLOW),
            Map.entry("server", SERVER), Map.entry("reason", REASON));

    /** Headers whose values may be joined with commas on one line, so that we split them. */
    private static final java.util.Set<String> LIST_HEADERS = java.util.Set.of(
            "via", "contact", "route", "record-route", "allow", "supported", "require",
            "proxy-require", "unsupported", "accept", "accept-encoding", "accept-language", "content-encoding");

    /**
     * The keys of the names as they are almost always spelled (canonical, lower case, compact), so
     * that finding a header costs a map lookup and no new string.
     */
    private static final Map<String, String> KNOWN_SPELLINGS = knownSpellings();

    private SipHeaderNames() {
    }

    private static Map<String, String> knownSpellings() {
        java.util.HashMap<String, String> known = new java.util.HashMap<>();
        CANONICAL.forEach((key, canonical) -> {
            known.put(key, key);
            known.put(canonical, key);
            known.put(canonical.toUpperCase(Locale.ROOT), key);
        });
        known.put("Call-Id", "call-id");
        known.put("Cseq", "cseq");
        known.put("Www-Authenticate", "www-authenticate");
        COMPACT.forEach((compact, full) -> {
            known.put(compact, full.toLowerCase(Locale.ROOT));
            known.put(compact.toUpperCase(Locale.ROOT), full.toLowerCase(Locale.ROOT));
        });
        return Map.copyOf(known);
    }

    /** The lookup key of a header name as received: lower case, compact form expanded. */
    public static String key(String name) {
        String known = KNOWN_SPELLINGS.get(name);
        if (known != null) {
            return known;
        }
        if (name.length() == 1) {
            String full = COMPACT.get(name.toLowerCase(Locale.ROOT));
            if (full != null) {
                return full.toLowerCase(Locale.ROOT);
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** The name we write for a header: canonical spelling when we know it, else as given. */
    public static String canonical(String name) {
        String key = key(name);
        String canonical = CANONICAL.get(key);
        return canonical != null ? canonical : name;
    }

    static boolean isList(String key) {
        return LIST_HEADERS.contains(key);
    }
}
