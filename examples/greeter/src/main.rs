//! The greeter: a tonic server and client on code protogen generated
//! from build.rs.
//!
//! `greeter selftest` serves on loopback and calls every method with the
//! client, printing "OK" when every answer is as expected.
//! `greeter serve` serves on a free loopback port, prints the port, and
//! stops when its standard input closes.

use std::pin::Pin;

use tokio::io::AsyncReadExt;
use tokio_stream::wrappers::TcpListenerStream;
use tokio_stream::{Stream, StreamExt};
use tonic::transport::Server;
use tonic::{Request, Response, Status, Streaming};

mod protos {
    include!(concat!(env!("OUT_DIR"), "/protos.rs"));
}

use protos::greet::v1::card::Signature;
use protos::greet::v1::greeter_client::GreeterClient;
use protos::greet::v1::greeter_server::{Greeter, GreeterServer};
use protos::greet::v1::{Card, HelloRequest, Style};

type Cards = Pin<Box<dyn Stream<Item = Result<Card, Status>> + Send>>;

/// The card for `name`: every field set, so that each feature's encoding
/// is on the wire.
fn card(name: &str, count: i32) -> Card {
    Card {
        text: Some(format!("hello {name}")),
        style: Some(if count % 2 == 0 {
            Style::Plain
        } else {
            Style::Fancy
        } as i32),
        count,
        lucky: vec![count, 7],
        packed: vec![1, 2, count],
        signature: Some(Signature {
            by: Some("greeter".into()),
        }),
        checked: count + 100,
        note: Some(format!("note for {name}")),
    }
}

struct Service;

#[tonic::async_trait]
impl Greeter for Service {
    async fn say_hello(&self, r: Request<HelloRequest>) -> Result<Response<Card>, Status> {
        let r = r.into_inner();
        if r.name.is_empty() {
            return Err(Status::invalid_argument("a name is needed"));
        }
        Ok(Response::new(card(&r.name, 1)))
    }

    type RepeatStream = Cards;

    async fn repeat(&self, r: Request<HelloRequest>) -> Result<Response<Cards>, Status> {
        let r = r.into_inner();
        let cards = (0..r.times as i32).map(move |i| Ok(card(&r.name, i)));
        Ok(Response::new(Box::pin(tokio_stream::iter(cards))))
    }

    async fn gather(&self, r: Request<Streaming<HelloRequest>>) -> Result<Response<Card>, Status> {
        let mut stream = r.into_inner();
        let mut names = Vec::new();
        while let Some(m) = stream.next().await {
            names.push(m?.name);
        }
        Ok(Response::new(card(&names.join(","), names.len() as i32)))
    }

    type ChatStream = Cards;

    async fn chat(&self, r: Request<Streaming<HelloRequest>>) -> Result<Response<Cards>, Status> {
        let cards = r
            .into_inner()
            .map(|m| m.map(|m| card(&m.name, m.times as i32)));
        Ok(Response::new(Box::pin(cards)))
    }
}

fn hello(name: &str, times: u32) -> HelloRequest {
    HelloRequest {
        name: name.into(),
        times,
    }
}

/// Serves on a free loopback port; returns the port.
async fn serve() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(
        Server::builder()
            .add_service(GreeterServer::new(Service))
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    port
}

async fn selftest(port: u16) {
    let mut client = GreeterClient::connect(format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    let one = client
        .say_hello(hello("ada", 0))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(one, card("ada", 1));
    println!("unary: {:?}", one.text);

    let status = client.say_hello(hello("", 0)).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    println!("error: {}", status.message());

    let mut stream = client.repeat(hello("bob", 3)).await.unwrap().into_inner();
    let mut got = Vec::new();
    while let Some(c) = stream.next().await {
        got.push(c.unwrap());
    }
    assert_eq!(got, (0..3).map(|i| card("bob", i)).collect::<Vec<_>>());
    println!("server streaming: {} cards", got.len());

    let names = tokio_stream::iter(["a", "b", "c"].map(|n| hello(n, 0)));
    let gathered = client.gather(names).await.unwrap().into_inner();
    assert_eq!(gathered, card("a,b,c", 3));
    println!("client streaming: {:?}", gathered.text);

    let requests = tokio_stream::iter((1..=2).map(|i| hello(&format!("c{i}"), i)));
    let mut replies = client.chat(requests).await.unwrap().into_inner();
    let mut got = Vec::new();
    while let Some(c) = replies.next().await {
        got.push(c.unwrap());
    }
    assert_eq!(got, vec![card("c1", 1), card("c2", 2)]);
    println!("bidirectional: {} cards", got.len());
    println!("OK");
}

#[tokio::main]
async fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "selftest" => selftest(serve().await).await,
        "serve" => {
            println!("{}", serve().await);
            let mut rest = Vec::new();
            let _ = tokio::io::stdin().read_to_end(&mut rest).await;
        }
        _ => {
            eprintln!("usage: greeter selftest | greeter serve");
            std::process::exit(2);
        }
    }
}
