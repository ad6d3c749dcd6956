// A grpc-go server of the example greeter (examples/greeter), on Go code
// protogen generated: it prints the port it listens on, then serves until
// killed. Its answers are the ones tests/python/greeter_client.py checks.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	greetv1 "example.com/gen/greet/v1"
)

type server struct {
	greetv1.UnimplementedGreeterServer
}

func card(name string, count int32) *greetv1.Card {
	style := greetv1.Style_STYLE_PLAIN
	if count%2 != 0 {
		style = greetv1.Style_STYLE_FANCY
	}
	return greetv1.Card_builder{
		Text:      proto.String("hello " + name),
		Style:     style.Enum(),
		Count:     count,
		Lucky:     []int32{count, 7},
		Packed:    []int32{1, 2, count},
		Signature: greetv1.Card_Signature_builder{By: proto.String("greeter")}.Build(),
		Checked:   proto.Int32(count + 100),
		Note:      proto.String("note for " + name),
	}.Build()
}

func (server) SayHello(_ context.Context, r *greetv1.HelloRequest) (*greetv1.Card, error) {
	if r.GetName() == "" {
		return nil, status.Error(codes.InvalidArgument, "a name is needed")
	}
	return card(r.GetName(), 1), nil
}

func (server) Repeat(r *greetv1.HelloRequest, stream grpc.ServerStreamingServer[greetv1.Card]) error {
	for i := uint32(0); i < r.GetTimes(); i++ {
		if err := stream.Send(card(r.GetName(), int32(i))); err != nil {
			return err
		}
	}
	return nil
}

func (server) Gather(stream grpc.ClientStreamingServer[greetv1.HelloRequest, greetv1.Card]) error {
	var names []string
	for {
		r, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(card(strings.Join(names, ","), int32(len(names))))
		}
		if err != nil {
			return err
		}
		names = append(names, r.GetName())
	}
}

func (server) Chat(stream grpc.BidiStreamingServer[greetv1.HelloRequest, greetv1.Card]) error {
	for {
		r, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(card(r.GetName(), int32(r.GetTimes()))); err != nil {
			return err
		}
	}
}

func main() {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	s := grpc.NewServer()
	greetv1.RegisterGreeterServer(s, server{})
	fmt.Println(listener.Addr().(*net.TCPAddr).Port)
	if err := s.Serve(listener); err != nil {
		panic(err)
	}
}
