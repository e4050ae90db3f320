package io.gbmesh.api.store;

import io.gbmesh.api.streams.PushRule;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The auto-push rules in PostgreSQL (table of {@code V7__push_rules.sql}), replaced as a whole. */
public final class PushRuleStore {
    private final Pool pool;

    public PushRuleStore(Pool pool) {
        this.pool = pool;
    }

    /** The rules in the order they were given. */
    public Future<List<PushRule>> list() {
        return pool.query("SELECT rule_id, device_pattern, channel_pattern, url_template, profile FROM push_rules "
                + "ORDER BY position").execute().map(rows -> {
                    List<PushRule> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new PushRule(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getInteger(4)));
                    }
                    return out;
                });
    }

    /** Replaces every rule with {@code rules}, in one transaction. */
    public Future<Void> replace(List<PushRule> rules) {
        return pool.withTransaction(conn -> conn.query("DELETE FROM push_rules").execute().compose(deleted -> {
            if (rules.isEmpty()) {
                return Future.succeededFuture();
            }
            List<Tuple> batch = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                PushRule r = rules.get(i);
                batch.add(Tuple.of(r.ruleId(), i, r.devicePattern(), r.channelPattern(), r.urlTemplate(), r.profile()));
            }
            return conn.preparedQuery("INSERT INTO push_rules (rule_id, position, device_pattern, channel_pattern, "
                    + "url_template, profile) VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(batch).mapEmpty();
        }));
    }
}
