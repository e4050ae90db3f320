package io.gbmesh.protocol.manscdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One message of a {@code Response/RecordInfo} (GB/T 28181-2016 A.2.6.10; reference 4.5, 6.9). A
 * device answers one query with several such messages of the same SN; {@code sumNum} is the total
 * of items over all of them, {@code declaredNum} the {@code Num} attribute of this message's
 * {@code RecordList}, which callers do not trust: they count {@code items}.
 */
public record RecordInfoResponse(String deviceId, String name, int sumNum, OptionalInt declaredNum, List<RecordItem> items) {

    public RecordInfoResponse {
        items = List.copyOf(items);
    }

    public static RecordInfoResponse from(ManscdpDocument document) {
        document.require(ManscdpRoot.Response, "RecordInfo");
        ManscdpElement root = document.rootElement();
        String sumNum = root.childText("SumNum").orElseThrow(() -> new ManscdpParseException("missing SumNum"));
        Optional<ManscdpElement> list = root.child("RecordList");
        List<RecordItem> items = list.map(e -> e.children("Item").stream().map(RecordItem::from).toList()).orElse(List.of());
        return new RecordInfoResponse(document.deviceId(), root.childTextOrEmpty("Name"),
                (int) ManscdpNumbers.requireLong("SumNum", sumNum),
                ManscdpNumbers.lenientInt(list.flatMap(e -> e.childText("Num"))), items);
    }
}
