//! A tonic server and client over loopback on protogen's generated code
//! (fixtures/codegen/prost/shapes/greeter.proto). Prints each call's result
//! and "OK"; panics on the first unexpected answer.

use std::pin::Pin;

use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use tonic_check::greet::v1::greeter_client::GreeterClient;
use tonic_check::greet::v1::greeter_server::{Greeter, GreeterServer};
use tonic_check::greet::v1::{HelloReply, HelloRequest};
use tonic_check::my::pkg;

type Replies = Pin<Box<dyn Stream<Item = Result<HelloReply, Status>> + Send>>;

fn reply(message: String) -> HelloReply {
    HelloReply { message }
}

struct Service;

#[tonic::async_trait]
impl Greeter for Service {
    async fn say_hello(&self, r: Request<HelloRequest>) -> Result<Response<HelloReply>, Status> {
        Ok(Response::new(reply(format!("hello {}", r.into_inner().name))))
    }

    type StreamRepliesStream = Replies;

    async fn stream_replies(
        &self,
        r: Request<HelloRequest>,
    ) -> Result<Response<Replies>, Status> {
        let name = r.into_inner().name;
        let replies = (0..3).map(move |i| Ok(reply(format!("{name} {i}"))));
        Ok(Response::new(Box::pin(tokio_stream::iter(replies))))
    }

    async fn collect_requests(
        &self,
        r: Request<Streaming<HelloRequest>>,
    ) -> Result<Response<HelloReply>, Status> {
        let mut stream = r.into_inner();
        let mut names = Vec::new();
        while let Some(m) = stream.next().await {
            names.push(m?.name);
        }
        Ok(Response::new(reply(names.join(","))))
    }

    type ChatStream = Replies;

    async fn chat(&self, r: Request<Streaming<HelloRequest>>) -> Result<Response<Replies>, Status> {
        let replies = r
            .into_inner()
            .map(|m| m.map(|m| reply(format!("echo {}", m.name))));
        Ok(Response::new(Box::pin(replies)))
    }

    async fn ping(&self, _: Request<()>) -> Result<Response<prost_types::Timestamp>, Status> {
        Ok(Response::new(prost_types::Timestamp { seconds: 7, nanos: 8 }))
    }

    async fn cook(&self, r: Request<pkg::Plain>) -> Result<Response<pkg::outer::Inner>, Status> {
        let x = r.into_inner().x.unwrap_or_default();
        Ok(Response::new(pkg::outer::Inner {
            wrapped: Some(x * 2),
            ..Default::default()
        }))
    }

    async fn retired(&self, _: Request<HelloRequest>) -> Result<Response<HelloReply>, Status> {
        Err(Status::unimplemented("retired"))
    }

    async fn r#type(&self, _: Request<HelloRequest>) -> Result<Response<HelloReply>, Status> {
        Err(Status::not_found("no such type"))
    }
}

fn request(name: &str) -> HelloRequest {
    HelloRequest { name: name.into() }
}

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(GreeterServer::new(Service))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let mut client = GreeterClient::connect(format!("http://{addr}")).await.unwrap();

    let unary = client.say_hello(request("ann")).await.unwrap().into_inner();
    assert_eq!(unary.message, "hello ann");
    println!("unary: {}", unary.message);

    let mut stream = client.stream_replies(request("bo")).await.unwrap().into_inner();
    let mut got = Vec::new();
    while let Some(m) = stream.next().await {
        got.push(m.unwrap().message);
    }
    assert_eq!(got, ["bo 0", "bo 1", "bo 2"]);
    println!("server streaming: {got:?}");

    let outgoing = tokio_stream::iter(vec![request("a"), request("b"), request("c")]);
    let collected = client.collect_requests(outgoing).await.unwrap().into_inner();
    assert_eq!(collected.message, "a,b,c");
    println!("client streaming: {}", collected.message);

    let outgoing = tokio_stream::iter(vec![request("x"), request("y")]);
    let mut echoes = client.chat(outgoing).await.unwrap().into_inner();
    let mut got = Vec::new();
    while let Some(m) = echoes.next().await {
        got.push(m.unwrap().message);
    }
    assert_eq!(got, ["echo x", "echo y"]);
    println!("bidirectional: {got:?}");

    let time = client.ping(()).await.unwrap().into_inner();
    assert_eq!((time.seconds, time.nanos), (7, 8));
    let cooked = client
        .cook(pkg::Plain { x: Some(21) })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cooked.wrapped, Some(42));
    println!("other packages: {time:?} {:?}", cooked.wrapped);

    let status = client.r#type(request("z")).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);
    println!("error status: {:?}", status.code());
    println!("OK");
}
