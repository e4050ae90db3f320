package io.gbmesh.protocol.manscdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One page of a {@code Response/Catalog} (A.2.6.4). A device answers one query with several pages;
 * {@code sumNum} is the total over all pages, {@code declaredNum} the {@code Num} attribute of this page's
 * {@code DeviceList}, which devices do not always get right, so callers count {@code items} instead.
 */
public record CatalogResponse(int sumNum, OptionalInt declaredNum, List<CatalogItem> items) {

    public CatalogResponse {
        items = List.copyOf(items);
    }

    public static CatalogResponse from(ManscdpDocument document) {
        document.require(ManscdpRoot.Response, "Catalog");
        ManscdpElement root = document.rootElement();
        String sumNum = root.childText("SumNum").orElseThrow(() -> new ManscdpParseException("missing SumNum"));
        Optional<ManscdpElement> list = root.child("DeviceList");
        return new CatalogResponse(
                (int) ManscdpNumbers.requireLong("SumNum", sumNum),
                ManscdpNumbers.strictInt("DeviceList Num", list.flatMap(element -> element.childText("Num"))),
                items(list));
    }

    static List<CatalogItem> items(Optional<ManscdpElement> deviceList) {
        return deviceList.map(element -> element.children("Item").stream().map(CatalogItem::from).toList())
                .orElse(List.of());
    }
}
