package io.gbmesh.protocol.manscdp;

import java.util.List;
import java.util.OptionalInt;

/**
 * A catalog change notification, {@code Notify/Catalog} (GB/T 28181-2016 §9.6.3, A.2.5.4): items carry
 * an {@code event} (ON, OFF, VLOST, DEFECT, ADD, DEL, UPDATE).
 */
public record CatalogNotify(OptionalInt sumNum, List<CatalogItem> items) {

    public CatalogNotify {
        items = List.copyOf(items);
    }

    public static CatalogNotify from(ManscdpDocument document) {
        document.require(ManscdpRoot.Notify, "Catalog");
        ManscdpElement root = document.rootElement();
        return new CatalogNotify(
                ManscdpNumbers.strictInt("SumNum", root.childText("SumNum")),
                CatalogResponse.items(root.child("DeviceList")));
    }
}
