package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;

/**
 * The routers of the requests about one device: {@link DeviceQuery}s and {@link DeviceControlRequest}s,
 * each answered on the owner node ({@link OwnerRouter}).
 */
final class QueryRouter {
    private QueryRouter() {
    }

    static OwnerRouter<DeviceQuery> queries(EventBus bus, String nodeId, DeviceRegistry registry, DeviceService service,
                                            long forwardTimeoutMillis) {
        return new OwnerRouter<>(bus, nodeId, registry, DeviceQuery.class, DeviceQuery::deviceId, Addresses::gatewayNodeQuery,
                (query, device) -> query.kind() == null
                        ? Future.failedFuture(new QueryFailedException(QueryFailure.BAD_REQUEST, "expected a DeviceQuery"))
                        : service.execute(query, device),
                forwardTimeoutMillis);
    }

    static OwnerRouter<io.gbmesh.contracts.RecordQuery> records(EventBus bus, String nodeId, DeviceRegistry registry,
                                                                RecordQueries service, long forwardTimeoutMillis) {
        return new OwnerRouter<>(bus, nodeId, registry, io.gbmesh.contracts.RecordQuery.class,
                io.gbmesh.contracts.RecordQuery::deviceId, Addresses::gatewayNodeRecords, service::execute, forwardTimeoutMillis);
    }

    static OwnerRouter<DeviceControlRequest> controls(EventBus bus, String nodeId, DeviceRegistry registry,
                                                      DeviceControlService service, long forwardTimeoutMillis) {
        return new OwnerRouter<>(bus, nodeId, registry, DeviceControlRequest.class, DeviceControlRequest::deviceId,
                Addresses::gatewayNodeControl,
                (request, device) -> request.command() == null
                        ? Future.failedFuture(new QueryFailedException(QueryFailure.BAD_REQUEST, "expected a command"))
                        : service.execute(request, device),
                forwardTimeoutMillis);
    }
}
