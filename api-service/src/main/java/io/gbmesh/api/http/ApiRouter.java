package io.gbmesh.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's whole HTTP surface: the open operational endpoints ({@link OperationsRoutes}), the
 * web console ({@link ConsoleRoutes}) and, behind {@link BearerAuth}, the {@code /api/v1} groups. Every error leaves as a problem document.
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    /** Largest request body accepted; the API's bodies are a few short fields. */
    static final long BODY_LIMIT = 16 * 1024;

    private ApiRouter() {
    }

    public static Router create(Vertx vertx, ApiServices services, Buffer openApi, List<ApiRoutes> groups) {
        Router root = Router.router(vertx);
        root.route().handler(services.metrics().requestTimer());
        new OperationsRoutes(services, openApi).mount(root);
        new ConsoleRoutes().mount(root);

        for (ApiRoutes group : groups) {
            group.mountOpen(root, services);
        }
        Router v1 = Router.router(vertx);
        v1.route().handler(services.metrics().routeRecorder());
        v1.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        v1.route().handler(new BearerAuth(services.tokens()));
        for (ApiRoutes group : groups) {
            group.mount(v1, services);
        }
        problems(v1);
        root.route("/api/v1/*").subRouter(v1);
        problems(root);
        return root;
    }

    private static void problems(Router router) {
        router.route().failureHandler(ApiRouter::failure);
        for (int status : new int[] {404, 405, 413}) {
            router.errorHandler(status, ctx -> ApiProblem.send(ctx, status, switch (status) {
                case 404 -> "no such resource: " + ctx.request().path();
                case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
                default -> "the request body is larger than " + BODY_LIMIT + " bytes";
            }, null));
        }
    }

    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiProblem problem) {
            problem.send(ctx);
            return;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        if (failure != null && !(failure instanceof HttpException) || status < 400) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            status = 500;
        }
        ApiProblem.send(ctx, status, status == 500 ? "internal error; see the service's log"
                : HttpResponseStatus.valueOf(status).reasonPhrase(), null);
    }
}
