//! The raw descriptor a `.pb.go` file embeds: the file's
//! `FileDescriptorProto` as the plugin receives it, without source
//! information, encoded as the Go runtime encodes it.

use crate::descriptor::FileDescriptorProto;

/// The embedded descriptor of `descriptor` (as protoc sends it).
pub fn raw_descriptor(descriptor: &FileDescriptorProto) -> Vec<u8> {
    let mut file = descriptor.clone();
    file.source_code_info = None;
    let mut out = Vec::new();
    file.encode(&mut out);
    out
}

/// The descriptor cut after each `0x0a` byte (the tag that starts most of
/// its nested messages), so that the Go string literal spans readable
/// lines; the rest after the last one is a piece too, even when empty.
pub fn split_lines(raw: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\n' {
            out.push(&raw[start..=i]);
            start = i + 1;
        }
    }
    out.push(&raw[start..]);
    out
}
