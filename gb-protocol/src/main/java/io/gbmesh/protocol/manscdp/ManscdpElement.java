package io.gbmesh.protocol.manscdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One element of a parsed MANSCDP body: its trimmed text and its children by name. Attributes such as
 * {@code Num} in {@code <DeviceList Num="2">} are children too, since MANSCDP never gives an attribute
 * and a child element the same name. Lookups ignore case: devices send {@code Alarmstatus} for
 * {@code AlarmStatus}, {@code DeviceId} for {@code DeviceID}.
 */
public final class ManscdpElement {

    private final String name;
    private final String text;
    private final Map<String, List<ManscdpElement>> children;

    ManscdpElement(String name, String text, Map<String, List<ManscdpElement>> children) {
        this.name = name;
        this.text = text == null ? "" : text.strip();
        Map<String, List<ManscdpElement>> copy = new LinkedHashMap<>();
        children.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        this.children = Collections.unmodifiableMap(copy);
    }

    public String name() {
        return name;
    }

    /** The element's own text, trimmed; empty for {@code <Name></Name>} and for container elements. */
    public String text() {
        return text;
    }

    /** Names of the children as sent, in document order. */
    public Set<String> childNames() {
        return children.keySet();
    }

    /** Every child with this name, ignoring case, in document order per spelling. */
    public List<ManscdpElement> children(String childName) {
        List<ManscdpElement> exact = children.get(childName);
        List<ManscdpElement> found = null;
        for (Map.Entry<String, List<ManscdpElement>> entry : children.entrySet()) {
            if (!entry.getKey().equals(childName) && entry.getKey().equalsIgnoreCase(childName)) {
                if (found == null) {
                    found = new ArrayList<>(exact == null ? List.of() : exact);
                }
                found.addAll(entry.getValue());
            }
        }
        if (found != null) {
            return List.copyOf(found);
        }
        return exact == null ? List.of() : exact;
    }

    /** The first child with this name, ignoring case. */
    public Optional<ManscdpElement> child(String childName) {
        List<ManscdpElement> all = children(childName);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The trimmed text of the first child with this name; present but empty for an empty element. */
    public Optional<String> childText(String childName) {
        return child(childName).map(ManscdpElement::text);
    }

    /** The child's text, or {@code ""} when the child is absent or empty. */
    public String childTextOrEmpty(String childName) {
        return childText(childName).orElse("");
    }

    @Override
    public String toString() {
        return "<" + name + ">" + (text.isEmpty() ? children.keySet() : text);
    }
}
