//! The server module of a service: the trait to implement, one method per
//! RPC, and `XxxServer<T>`, the tower service that routes requests by path
//! to it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{attributes_for, doc, naive_snake, BuildExtras, MethodParts, ServiceGen};

/// The `xxx_server` module of a service.
pub fn gen_server(s: &ServiceGen) -> Result<TokenStream, String> {
    let name = s.name();
    let server = format_ident!("{}Server", name);
    let service_trait = format_ident!("{}", name);
    let module = format_ident!("{}_server", naive_snake(&name));
    let service_name = s.service_name();
    let methods = s.methods();
    let trait_doc = doc(&format!(
        " Generated trait containing gRPC methods that should be implemented for use with {name}Server."
    ));
    let extras = s.options.build.clone().unwrap_or_default();
    let trait_methods: TokenStream = methods
        .iter()
        .map(|m| gen_trait_method(m, &extras))
        .collect();
    let codec = s.codec();
    let routes: TokenStream = methods
        .iter()
        .map(|m| gen_route(m, &service_trait, &extras, &codec))
        .collect();
    let trait_attrs = attributes_for(&extras.trait_attributes, &name)?;
    let service_doc = s.service_comments();
    let mod_attrs = attributes_for(&s.options.server.module, s.emitted_package())?;
    let struct_attrs = attributes_for(&s.options.server.structure, &service_name)?;
    let name_doc = doc(" Generated gRPC service name");
    Ok(quote! {
        /// Generated server implementations.
        #(#mod_attrs)*
        pub mod #module {
            #![allow(
                unused_variables,
                dead_code,
                missing_docs,
                clippy::wildcard_imports,
                clippy::let_unit_value,
            )]
            use tonic::codegen::*;

            #trait_doc
            #(#trait_attrs)*
            #[async_trait]
            pub trait #service_trait: std::marker::Send + std::marker::Sync + 'static {
                #trait_methods
            }

            #service_doc
            #(#struct_attrs)*
            #[derive(Debug)]
            pub struct #server<T> {
                inner: Arc<T>,
                accept_compression_encodings: EnabledCompressionEncodings,
                send_compression_encodings: EnabledCompressionEncodings,
                max_decoding_message_size: Option<usize>,
                max_encoding_message_size: Option<usize>,
            }

            impl<T> #server<T> {
                pub fn new(inner: T) -> Self {
                    Self::from_arc(Arc::new(inner))
                }

                pub fn from_arc(inner: Arc<T>) -> Self {
                    Self {
                        inner,
                        accept_compression_encodings: Default::default(),
                        send_compression_encodings: Default::default(),
                        max_decoding_message_size: None,
                        max_encoding_message_size: None,
                    }
                }

                pub fn with_interceptor<F>(inner: T, interceptor: F) -> InterceptedService<Self, F>
                where
                    F: tonic::service::Interceptor,
                {
                    InterceptedService::new(Self::new(inner), interceptor)
                }

                /// Enable decompressing requests with the given encoding.
                #[must_use]
                pub fn accept_compressed(mut self, encoding: CompressionEncoding) -> Self {
                    self.accept_compression_encodings.enable(encoding);
                    self
                }

                /// Compress responses with the given encoding, if the client supports it.
                #[must_use]
                pub fn send_compressed(mut self, encoding: CompressionEncoding) -> Self {
                    self.send_compression_encodings.enable(encoding);
                    self
                }

                /// Limits the maximum size of a decoded message.
                ///
                /// Default: `4MB`
                #[must_use]
                pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
                    self.max_decoding_message_size = Some(limit);
                    self
                }

                /// Limits the maximum size of an encoded message.
                ///
                /// Default: `usize::MAX`
                #[must_use]
                pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
                    self.max_encoding_message_size = Some(limit);
                    self
                }
            }

            impl<T, B> tonic::codegen::Service<http::Request<B>> for #server<T>
            where
                T: #service_trait,
                B: Body + std::marker::Send + 'static,
                B::Error: Into<StdError> + std::marker::Send + 'static,
            {
                type Response = http::Response<tonic::body::Body>;
                type Error = std::convert::Infallible;
                type Future = BoxFuture<Self::Response, Self::Error>;

                fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<std::result::Result<(), Self::Error>> {
                    Poll::Ready(Ok(()))
                }

                fn call(&mut self, req: http::Request<B>) -> Self::Future {
                    match req.uri().path() {
                        #routes

                        _ => Box::pin(async move {
                            let mut response = http::Response::new(tonic::body::Body::default());
                            let headers = response.headers_mut();
                            headers.insert(tonic::Status::GRPC_STATUS, (tonic::Code::Unimplemented as i32).into());
                            headers.insert(http::header::CONTENT_TYPE, tonic::metadata::GRPC_CONTENT_TYPE);
                            Ok(response)
                        }),
                    }
                }
            }

            impl<T> Clone for #server<T> {
                fn clone(&self) -> Self {
                    let inner = self.inner.clone();
                    Self {
                        inner,
                        accept_compression_encodings: self.accept_compression_encodings,
                        send_compression_encodings: self.send_compression_encodings,
                        max_decoding_message_size: self.max_decoding_message_size,
                        max_encoding_message_size: self.max_encoding_message_size,
                    }
                }
            }

            #name_doc
            pub const SERVICE_NAME: &str = #service_name;

            impl<T> tonic::server::NamedService for #server<T> {
                const NAME: &'static str = SERVICE_NAME;
            }
        }
    })
}

/// The trait method of an RPC; a server-streaming one also declares the
/// stream type it returns, unless the method has a default body.
fn gen_trait_method(m: &MethodParts, extras: &BuildExtras) -> TokenStream {
    let MethodParts {
        ident,
        request,
        response,
        doc: method_doc,
        ..
    } = m;
    let receiver = if extras.use_arc_self {
        quote!(self: std::sync::Arc<Self>)
    } else {
        quote!(&self)
    };
    let argument = if m.client_streaming {
        quote!(tonic::Request<tonic::Streaming<#request>>)
    } else {
        quote!(tonic::Request<#request>)
    };
    if extras.generate_default_stubs {
        let returned = if m.server_streaming {
            quote!(BoxStream<#response>)
        } else {
            quote!(#response)
        };
        return quote! {
            #method_doc
            async fn #ident(#receiver, request: #argument)
                -> std::result::Result<tonic::Response<#returned>, tonic::Status> {
                Err(tonic::Status::unimplemented("Not yet implemented"))
            }
        };
    }
    if m.server_streaming {
        let stream = format_ident!("{}Stream", m.proto);
        let stream_doc = doc(&format!(
            " Server streaming response type for the {} method.",
            m.proto
        ));
        quote! {
            #stream_doc
            type #stream: tonic::codegen::tokio_stream::Stream<Item = std::result::Result<#response, tonic::Status>> + std::marker::Send + 'static;

            #method_doc
            async fn #ident(#receiver, request: #argument)
                -> std::result::Result<tonic::Response<Self::#stream>, tonic::Status>;
        }
    } else {
        quote! {
            #method_doc
            async fn #ident(#receiver, request: #argument)
                -> std::result::Result<tonic::Response<#response>, tonic::Status>;
        }
    }
}

/// The match arm routing an RPC's path to the trait method.
fn gen_route(
    m: &MethodParts,
    service_trait: &syn::Ident,
    extras: &BuildExtras,
    codec: &syn::Path,
) -> TokenStream {
    let MethodParts {
        ident,
        path,
        request,
        response,
        ..
    } = m;
    let svc = format_ident!("{}Svc", m.proto);
    let inner = if extras.use_arc_self {
        quote!(inner)
    } else {
        quote!(&inner)
    };
    let (kind, call) = match (m.client_streaming, m.server_streaming) {
        (false, false) => (quote!(UnaryService), quote!(unary)),
        (false, true) => (quote!(ServerStreamingService), quote!(server_streaming)),
        (true, false) => (quote!(ClientStreamingService), quote!(client_streaming)),
        (true, true) => (quote!(StreamingService), quote!(streaming)),
    };
    let incoming = if m.client_streaming {
        quote!(tonic::Request<tonic::Streaming<#request>>)
    } else {
        quote!(tonic::Request<#request>)
    };
    let (stream_type, future) = if m.server_streaming {
        let stream = format_ident!("{}Stream", m.proto);
        let stream = if extras.generate_default_stubs {
            quote!(BoxStream<#response>)
        } else {
            quote!(T::#stream)
        };
        (
            quote!(type ResponseStream = #stream;),
            quote!(BoxFuture<tonic::Response<Self::ResponseStream>, tonic::Status>),
        )
    } else {
        (
            TokenStream::new(),
            quote!(BoxFuture<tonic::Response<Self::Response>, tonic::Status>),
        )
    };
    quote! {
        #path => {
            #[allow(non_camel_case_types)]
            struct #svc<T: #service_trait>(pub Arc<T>);

            impl<T: #service_trait> tonic::server::#kind<#request> for #svc<T> {
                type Response = #response;
                #stream_type
                type Future = #future;

                fn call(&mut self, request: #incoming) -> Self::Future {
                    let inner = Arc::clone(&self.0);
                    let fut = async move {
                        <T as #service_trait>::#ident(#inner, request).await
                    };
                    Box::pin(fut)
                }
            }

            let accept_compression_encodings = self.accept_compression_encodings;
            let send_compression_encodings = self.send_compression_encodings;
            let max_decoding_message_size = self.max_decoding_message_size;
            let max_encoding_message_size = self.max_encoding_message_size;
            let inner = self.inner.clone();
            let fut = async move {
                let method = #svc(inner);
                let codec = #codec::default();

                let mut grpc = tonic::server::Grpc::new(codec)
                    .apply_compression_config(accept_compression_encodings, send_compression_encodings)
                    .apply_max_message_size_config(max_decoding_message_size, max_encoding_message_size);

                let res = grpc.#call(method, req).await;
                Ok(res)
            };

            Box::pin(fut)
        }
    }
}
