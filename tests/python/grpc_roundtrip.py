"""A real gRPC server and client over loopback, using only generated code.

Run with the directory holding the generated modules as the first argument
(and `health` as the second to also exercise grpc.health.v1). Exits
non-zero on the first failed check.
"""
import sys
import time
from concurrent import futures

import grpc

sys.path.insert(0, sys.argv[1])
with_health = len(sys.argv) > 2 and sys.argv[2] == "health"

from shop import catalog_pb2, catalog_pb2_grpc, money_pb2  # noqa: E402


class Catalog(catalog_pb2_grpc.CatalogServicer):
    def GetItem(self, request, context):
        if request.sku == "missing":
            context.abort(grpc.StatusCode.NOT_FOUND, "no item " + request.sku)
        if request.sku == "slow":
            time.sleep(2)
        return catalog_pb2.Item(
            sku=request.sku,
            price=money_pb2.Money(currency="EUR", units=3),
            stock_by_warehouse={"west": 1},
        )

    def ListItems(self, request, context):
        for i in range(request.page_size):
            yield catalog_pb2.Item(sku="item-%d" % i, kind=catalog_pb2.KIND_BOOK)

    def Restock(self, request_iterator, context):
        total = sum(sum(item.stock_by_warehouse.values()) for item in request_iterator)
        return catalog_pb2.Item(sku="restocked", stock_by_warehouse={"all": total})

    def Sync(self, request_iterator, context):
        for item in request_iterator:
            yield catalog_pb2.Item(sku=item.sku.upper())


def check(cond, what):
    if not cond:
        print("FAILED:", what)
        sys.exit(1)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
catalog_pb2_grpc.add_CatalogServicer_to_server(Catalog(), server)
if with_health:
    # The generated grpc/health/v1 modules live under the installed grpc
    # package's name: put the generated directory first on its path.
    import os

    grpc.__path__.insert(0, os.path.join(sys.argv[1], "grpc"))
    from grpc.health.v1 import health_pb2, health_pb2_grpc

    check(health_pb2.__file__.startswith(sys.argv[1]), "generated health module in use")

    class Health(health_pb2_grpc.HealthServicer):
        def Check(self, request, context):
            if request.service not in ("", "shop.Catalog"):
                context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
            return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)

        def Watch(self, request, context):
            for status in (health_pb2.HealthCheckResponse.SERVING, health_pb2.HealthCheckResponse.NOT_SERVING):
                yield health_pb2.HealthCheckResponse(status=status)

    health_pb2_grpc.add_HealthServicer_to_server(Health(), server)
port = server.add_insecure_port("127.0.0.1:0")
server.start()

with grpc.insecure_channel("127.0.0.1:%d" % port) as channel:
    stub = catalog_pb2_grpc.CatalogStub(channel)
    item = stub.GetItem(catalog_pb2.GetItemRequest(sku="b-1"), timeout=5)
    check(item.sku == "b-1" and item.price.units == 3 and item.stock_by_warehouse["west"] == 1, "unary")

    try:
        stub.GetItem(catalog_pb2.GetItemRequest(sku="missing"), timeout=5)
        check(False, "error status")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.NOT_FOUND and "missing" in e.details(), "error status")

    try:
        stub.GetItem(catalog_pb2.GetItemRequest(sku="slow"), timeout=0.2)
        check(False, "deadline")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.DEADLINE_EXCEEDED, "deadline")

    items = list(stub.ListItems(catalog_pb2.ListItemsRequest(page_size=3), timeout=5))
    check([i.sku for i in items] == ["item-0", "item-1", "item-2"], "server streaming")
    check(all(i.kind == catalog_pb2.KIND_BOOK for i in items), "server streaming enum")

    def restock():
        for n in (2, 5):
            yield catalog_pb2.Item(stock_by_warehouse={"w": n})

    total = stub.Restock(restock(), timeout=5)
    check(total.stock_by_warehouse["all"] == 7, "client streaming")

    def sync():
        for s in ("a", "b", "c"):
            yield catalog_pb2.Item(sku=s)

    check([i.sku for i in stub.Sync(sync(), timeout=5)] == ["A", "B", "C"], "bidi streaming")

    # The experimental static-call API generated alongside.
    got = catalog_pb2_grpc.Catalog.GetItem(
        catalog_pb2.GetItemRequest(sku="static"), "127.0.0.1:%d" % port, insecure=True, timeout=5
    )
    check(got.sku == "static", "experimental API")

    if with_health:
        health = health_pb2_grpc.HealthStub(channel)
        r = health.Check(health_pb2.HealthCheckRequest(service="shop.Catalog"), timeout=5)
        check(r.status == health_pb2.HealthCheckResponse.SERVING, "health check")
        try:
            health.Check(health_pb2.HealthCheckRequest(service="nope"), timeout=5)
            check(False, "health unknown service")
        except grpc.RpcError as e:
            check(e.code() == grpc.StatusCode.NOT_FOUND, "health unknown service")
        statuses = [r.status for r in health.Watch(health_pb2.HealthCheckRequest(), timeout=5)]
        check(statuses == [health_pb2.HealthCheckResponse.SERVING, health_pb2.HealthCheckResponse.NOT_SERVING], "health watch")

server.stop(None)
print("OK" + (" with health" if with_health else ""))
