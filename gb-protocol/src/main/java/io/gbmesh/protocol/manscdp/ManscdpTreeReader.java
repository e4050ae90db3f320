package io.gbmesh.protocol.manscdp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/**
 * Reads decoded MANSCDP text into {@link ManscdpElement}s through Jackson's XML tree. DTDs and external
 * entities are switched off in the StAX factory, and a body that even mentions a DOCTYPE or ENTITY is
 * refused before parsing: a MANSCDP body never needs one, and XXE must not be resolvable.
 */
final class ManscdpTreeReader {

    /** The longest element name read: GB/T 28181 annex A names are under 32 characters. */
    static final int MAX_NAME_CHARS = 256;

    private static final XmlMapper MAPPER = new XmlMapper(new XmlFactory(hardenedInputFactory(), XMLOutputFactory.newFactory()));

    private ManscdpTreeReader() {
    }

    private static XMLInputFactory hardenedInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        return factory;
    }

    static ManscdpElement read(String xml, int maxElements) {
        if (XmlProlog.declaresDtd(xml)) {
            throw new ManscdpParseException("DOCTYPE or ENTITY declarations are not allowed");
        }
        String tags = XmlProlog.tagProblem(xml, MAX_NAME_CHARS, maxElements);
        if (tags != null) {
            throw new ManscdpParseException(tags);
        }
        // Jackson's tree drops the root element's name: find it past comments and processing instructions.
        String rootName = XmlProlog.rootName(xml);
        if (rootName == null) {
            throw new ManscdpParseException("not XML: no root element");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(xml);
        } catch (JacksonException malformed) {
            throw new ManscdpParseException("malformed XML: " + firstLine(malformed.getOriginalMessage()), malformed);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ManscdpParseException("malformed XML: no content");
        }
        return toElement(rootName, tree, new int[] {maxElements});
    }

    private static ManscdpElement toElement(String name, JsonNode node, int[] budget) {
        if (--budget[0] < 0) {
            throw new ManscdpParseException("too many elements");
        }
        if (!node.isObject()) {
            return new ManscdpElement(name, node.isNull() ? "" : node.asText(), Map.of());
        }
        String text = "";
        Map<String, List<ManscdpElement>> children = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childName = field.getKey();
            JsonNode value = field.getValue();
            if (childName.isEmpty()) {
                // Jackson's key for the text of an element that also has attributes or children.
                text = value.asText();
                continue;
            }
            List<ManscdpElement> siblings = children.computeIfAbsent(childName, key -> new ArrayList<>());
            if (value.isArray()) {
                // Repeated elements (several <Item>) arrive as an array, a single one as an object.
                for (JsonNode each : value) {
                    siblings.add(toElement(childName, each, budget));
                }
            } else {
                siblings.add(toElement(childName, value, budget));
            }
        }
        return new ManscdpElement(name, text, children);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
