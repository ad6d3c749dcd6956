"""A grpcio client of the example greeter (examples/greeter), on Python
code protogen generated from the same protos.

Arguments: the directory of the generated modules, the server's port.
Calls each method, checks every answer field by field, prints "OK".
"""
import sys

import grpc

sys.path.insert(0, sys.argv[1])
from greet.v1 import card_pb2, greeter_pb2, greeter_pb2_grpc  # noqa: E402


def expected(name, count):
    return card_pb2.Card(
        text=f"hello {name}",
        style=card_pb2.STYLE_PLAIN if count % 2 == 0 else card_pb2.STYLE_FANCY,
        count=count,
        lucky=[count, 7],
        packed=[1, 2, count],
        signature=card_pb2.Card.Signature(by="greeter"),
        checked=count + 100,
        note=f"note for {name}",
    )


def check(got, want, what):
    if got != want:
        sys.exit(f"{what}: got {got}, want {want}")


with grpc.insecure_channel(f"127.0.0.1:{sys.argv[2]}") as channel:
    stub = greeter_pb2_grpc.GreeterStub(channel)
    hello = greeter_pb2.HelloRequest

    check(stub.SayHello(hello(name="ada")), expected("ada", 1), "unary")
    try:
        stub.SayHello(hello(name=""))
        sys.exit("an empty name was accepted")
    except grpc.RpcError as e:
        check(e.code(), grpc.StatusCode.INVALID_ARGUMENT, "error status")
        check(e.details(), "a name is needed", "error message")

    got = list(stub.Repeat(hello(name="bob", times=3)))
    check(got, [expected("bob", i) for i in range(3)], "server streaming")
    # Explicit presence survives the trip: a style set to its zero value
    # is still set.
    check(got[0].HasField("style"), True, "presence")
    got = stub.Gather(iter([hello(name=n) for n in "abc"]))
    check(got, expected("a,b,c", 3), "client streaming")
    got = list(stub.Chat(iter([hello(name=f"c{i}", times=i) for i in (1, 2)])))
    check(got, [expected("c1", 1), expected("c2", 2)], "bidirectional")
print("OK")
