//! Writing generated files into a ZIP archive (`--NAME_out=out.zip`).
//!
//! Entries are stored uncompressed, in name order, dated 1980-01-01 00:00
//! (the DOS epoch) so that the same files always give the same archive —
//! the layout protoc writes.

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// ZIP 1.0: stored entries only.
const VERSION: u16 = 10;
/// DOS date of 1980-01-01: day 1, month 1, year 0.
const DOS_EPOCH_DATE: u16 = (1 << 5) | 1;

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Fields shared by the local and central headers: version needed, flags,
/// method, time, date, CRC, sizes, name length, extra length.
fn common_header(out: &mut Vec<u8>, crc: u32, size: u32, name_len: u16) {
    u16le(out, VERSION);
    u16le(out, 0); // flags
    u16le(out, 0); // method: stored
    u16le(out, 0); // time 00:00:00
    u16le(out, DOS_EPOCH_DATE);
    u32le(out, crc);
    u32le(out, size); // compressed
    u32le(out, size); // uncompressed
    u16le(out, name_len);
    u16le(out, 0); // extra field length
}

/// The archive of `files` (name, contents), in the order given.
pub fn archive<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut entries = Vec::new();
    for (name, data) in files {
        let crc = crc32fast::hash(data);
        let offset = out.len() as u32;
        u32le(&mut out, LOCAL_HEADER);
        common_header(&mut out, crc, data.len() as u32, name.len() as u16);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        entries.push((name, crc, data.len() as u32, offset));
    }
    let dir_start = out.len();
    for &(name, crc, size, offset) in &entries {
        u32le(&mut out, CENTRAL_HEADER);
        u16le(&mut out, VERSION); // version made by
        common_header(&mut out, crc, size, name.len() as u16);
        u16le(&mut out, 0); // comment length
        u16le(&mut out, 0); // disk number
        u16le(&mut out, 0); // internal attributes
        u32le(&mut out, 0); // external attributes
        u32le(&mut out, offset);
        out.extend_from_slice(name.as_bytes());
    }
    let dir_len = (out.len() - dir_start) as u32;
    u32le(&mut out, END_OF_CENTRAL_DIRECTORY);
    u16le(&mut out, 0); // this disk
    u16le(&mut out, 0); // disk of the central directory
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, dir_len);
    u32le(&mut out, dir_start as u32);
    u16le(&mut out, 0); // comment length
    out
}
