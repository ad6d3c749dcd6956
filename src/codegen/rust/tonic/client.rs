//! The client module of a service: a `XxxClient<T>` over
//! `tonic::client::Grpc`, with one async method per RPC.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{attributes_for, naive_snake, MethodParts, ServiceGen};

/// The `xxx_client` module of a service.
pub fn gen_client(s: &ServiceGen) -> Result<TokenStream, String> {
    let client = format_ident!("{}Client", s.name());
    let module = format_ident!("{}_client", naive_snake(&s.name()));
    let service_name = s.service_name();
    let doc = s.service_comments();
    let mod_attrs = attributes_for(&s.options.client.module, s.emitted_package())?;
    let struct_attrs = attributes_for(&s.options.client.structure, &service_name)?;
    let connect = if s.options.no_transport {
        TokenStream::new()
    } else {
        quote! {
            impl #client<tonic::transport::Channel> {
                /// Attempt to create a new client by connecting to a given endpoint.
                pub async fn connect<D>(dst: D) -> Result<Self, tonic::transport::Error>
                where
                    D: TryInto<tonic::transport::Endpoint>,
                    D::Error: Into<StdError>,
                {
                    let conn = tonic::transport::Endpoint::new(dst)?.connect().await?;
                    Ok(Self::new(conn))
                }
            }
        }
    };
    let mut methods = TokenStream::new();
    let codec = s.codec();
    for m in s.methods() {
        methods.extend(m.doc.clone());
        if m.deprecated {
            methods.extend(quote!(#[deprecated]));
        }
        methods.extend(gen_client_method(&m, &service_name, &codec));
    }
    Ok(quote! {
        /// Generated client implementations.
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
            use tonic::codegen::http::Uri;

            #doc
            #(#struct_attrs)*
            #[derive(Debug, Clone)]
            pub struct #client<T> {
                inner: tonic::client::Grpc<T>,
            }

            #connect

            impl<T> #client<T>
            where
                T: tonic::client::GrpcService<tonic::body::Body>,
                T::Error: Into<StdError>,
                T::ResponseBody: Body<Data = Bytes> + std::marker::Send + 'static,
                <T::ResponseBody as Body>::Error: Into<StdError> + std::marker::Send,
            {
                pub fn new(inner: T) -> Self {
                    let inner = tonic::client::Grpc::new(inner);
                    Self { inner }
                }

                pub fn with_origin(inner: T, origin: Uri) -> Self {
                    let inner = tonic::client::Grpc::with_origin(inner, origin);
                    Self { inner }
                }

                pub fn with_interceptor<F>(inner: T, interceptor: F) -> #client<InterceptedService<T, F>>
                where
                    F: tonic::service::Interceptor,
                    T::ResponseBody: Default,
                    T: tonic::codegen::Service<
                        http::Request<tonic::body::Body>,
                        Response = http::Response<<T as tonic::client::GrpcService<tonic::body::Body>>::ResponseBody>
                    >,
                    <T as tonic::codegen::Service<http::Request<tonic::body::Body>>>::Error: Into<StdError> + std::marker::Send + std::marker::Sync,
                {
                    #client::new(InterceptedService::new(inner, interceptor))
                }

                /// Compress requests with the given encoding.
                ///
                /// This requires the server to support it otherwise it might respond with an
                /// error.
                #[must_use]
                pub fn send_compressed(mut self, encoding: CompressionEncoding) -> Self {
                    self.inner = self.inner.send_compressed(encoding);
                    self
                }

                /// Enable decompressing responses.
                #[must_use]
                pub fn accept_compressed(mut self, encoding: CompressionEncoding) -> Self {
                    self.inner = self.inner.accept_compressed(encoding);
                    self
                }

                /// Limits the maximum size of a decoded message.
                ///
                /// Default: `4MB`
                #[must_use]
                pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
                    self.inner = self.inner.max_decoding_message_size(limit);
                    self
                }

                /// Limits the maximum size of an encoded message.
                ///
                /// Default: `usize::MAX`
                #[must_use]
                pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
                    self.inner = self.inner.max_encoding_message_size(limit);
                    self
                }

                #methods
            }
        }
    })
}

/// One client method: unary, or streaming on either side.
fn gen_client_method(m: &MethodParts, service_name: &str, codec: &syn::Path) -> TokenStream {
    let MethodParts {
        ident,
        path,
        request,
        response,
        proto,
        ..
    } = m;
    let (argument, into) = if m.client_streaming {
        (
            quote!(impl tonic::IntoStreamingRequest<Message = #request>),
            quote!(into_streaming_request),
        )
    } else {
        (
            quote!(impl tonic::IntoRequest<#request>),
            quote!(into_request),
        )
    };
    let returned = if m.server_streaming {
        quote!(tonic::codec::Streaming<#response>)
    } else {
        quote!(#response)
    };
    let call = match (m.client_streaming, m.server_streaming) {
        (false, false) => quote!(unary),
        (false, true) => quote!(server_streaming),
        (true, false) => quote!(client_streaming),
        (true, true) => quote!(streaming),
    };
    quote! {
        pub async fn #ident(
            &mut self,
            request: #argument,
        ) -> std::result::Result<tonic::Response<#returned>, tonic::Status> {
            self.inner.ready().await.map_err(|e| {
                tonic::Status::unknown(format!("Service was not ready: {}", e.into()))
            })?;
            let codec = #codec::default();
            let path = http::uri::PathAndQuery::from_static(#path);
            let mut req = request.#into();
            req.extensions_mut().insert(GrpcMethod::new(#service_name, #proto));
            self.inner.#call(req, path, codec).await
        }
    }
}
