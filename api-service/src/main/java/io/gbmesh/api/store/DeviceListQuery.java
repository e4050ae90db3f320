package io.gbmesh.api.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of one device listing, built for the filter's shape rather than with {@code $n IS NULL OR …}
 * conditions, so that PostgreSQL's plan for each shape (a prepared statement the pool keeps) uses the
 * indexes: {@code (online, device_id)} for the state, the primary key for the order and for a keyset
 * cursor ({@code device_id > after}), the trigram index for text.
 *
 * <p>The page is chosen on {@code device_id} alone in a sub-select (an index-only scan past any
 * offset), and only its rows are read in full.
 */
final class DeviceListQuery {
    static final int ANCHOR_STEP = 1000;

    final String pageSql;
    final String countSql;
    /** Every {@value #ANCHOR_STEP}th device ID of the filter, in order: where a deep offset starts. */
    final String anchorsSql;
    final List<Object> pageArgs = new ArrayList<>();
    final List<Object> countArgs = new ArrayList<>();

    DeviceListQuery(String columns, DeviceFilter filter, Page page, String after) {
        List<String> where = new ArrayList<>();
        List<Object> filterArgs = new ArrayList<>();
        if (filter.online() != null) {
            filterArgs.add(filter.online());
            where.add("d.online = $" + filterArgs.size());
        }
        if (filter.text() != null) {
            filterArgs.add("%" + escapeLike(filter.text().toLowerCase(Locale.ROOT)) + "%");
            where.add("d.search_text LIKE $" + filterArgs.size());
        }
        countArgs.addAll(filterArgs);
        countSql = "SELECT count(*) FROM devices d" + clause(where);
        anchorsSql = "SELECT device_id FROM (SELECT d.device_id, row_number() OVER (ORDER BY d.device_id) AS n FROM devices d"
                + clause(where) + ") ranked WHERE n % " + ANCHOR_STEP + " = 0 ORDER BY device_id";

        List<String> pageWhere = new ArrayList<>(where);
        pageArgs.addAll(filterArgs);
        if (after != null) {
            pageArgs.add(after);
            pageWhere.add("d.device_id > $" + pageArgs.size() + "::char(20)");
        }
        pageArgs.add(page.limit());
        String limit = "$" + pageArgs.size();
        pageArgs.add(page.offset());
        String offset = "$" + pageArgs.size();
        pageSql = "SELECT " + columns + " FROM devices d JOIN (SELECT d.device_id FROM devices d" + clause(pageWhere)
                + " ORDER BY d.device_id LIMIT " + limit + " OFFSET " + offset + ") page USING (device_id)"
                + " ORDER BY d.device_id";
    }

    private static String clause(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
