//! Protobuf wire-format primitives.

pub const VARINT: u32 = 0;
pub const FIXED64: u32 = 1;
pub const LEN: u32 = 2;
pub const START_GROUP: u32 = 3;
pub const END_GROUP: u32 = 4;
pub const FIXED32: u32 = 5;

pub fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

pub fn put_tag(buf: &mut Vec<u8>, field: u32, wire_type: u32) {
    put_varint(buf, ((field as u64) << 3) | wire_type as u64);
}

pub fn put_bytes(buf: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    put_tag(buf, field, LEN);
    put_varint(buf, bytes.len() as u64);
    buf.extend_from_slice(bytes);
}

pub fn put_str(buf: &mut Vec<u8>, field: u32, s: &str) {
    put_bytes(buf, field, s.as_bytes());
}

/// An `int32`/`enum` field: negative values are sign-extended to ten bytes.
pub fn put_int32(buf: &mut Vec<u8>, field: u32, v: i32) {
    put_tag(buf, field, VARINT);
    put_varint(buf, v as i64 as u64);
}

pub fn put_bool(buf: &mut Vec<u8>, field: u32, v: bool) {
    put_tag(buf, field, VARINT);
    put_varint(buf, v as u64);
}

/// A length-delimited field whose body `f` appends to `buf`. The body is
/// written in place after a one-byte length, which is widened afterwards
/// when the body is 128 bytes or more: no buffer of its own per message.
pub fn put_message(buf: &mut Vec<u8>, field: u32, f: impl FnOnce(&mut Vec<u8>)) {
    put_tag(buf, field, LEN);
    let at = buf.len();
    buf.push(0);
    f(buf);
    let len = buf.len() - at - 1;
    if len < 0x80 {
        buf[at] = len as u8;
    } else {
        let mut prefix = Vec::with_capacity(10);
        put_varint(&mut prefix, len as u64);
        buf.splice(at..at + 1, prefix);
    }
}

/// A cursor over encoded bytes.
pub struct Reader<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    pub fn done(&self) -> bool {
        self.pos >= self.buf.len()
    }
    pub fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.buf.get(self.pos)?;
            self.pos += 1;
            if shift < 64 {
                v |= ((b & 0x7f) as u64) << shift;
            }
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
            if shift > 70 {
                return None;
            }
        }
    }
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    /// Reads one field: its number, wire type, and the raw bytes of its
    /// value (for LEN, the payload without the length prefix; for groups, the
    /// contents up to the matching end tag).
    pub fn field(&mut self) -> Option<(u32, u32, &'a [u8])> {
        let tag = self.varint()?;
        let number = (tag >> 3) as u32;
        let wt = (tag & 7) as u32;
        let start = self.pos;
        let value = match wt {
            VARINT => {
                self.varint()?;
                &self.buf[start..self.pos]
            }
            FIXED64 => self.take(8)?,
            FIXED32 => self.take(4)?,
            LEN => {
                let n = self.varint()? as usize;
                self.take(n)?
            }
            START_GROUP => {
                // The numbers of the groups still open, innermost last: an
                // explicit stack, so deeply nested groups cost no call stack.
                let mut open = vec![number];
                loop {
                    let before = self.pos;
                    let tag = self.varint()?;
                    let (n, w) = ((tag >> 3) as u32, (tag & 7) as u32);
                    match w {
                        START_GROUP => open.push(n),
                        END_GROUP => {
                            if open.pop() != Some(n) {
                                return None;
                            }
                            if open.is_empty() {
                                break &self.buf[start..before];
                            }
                        }
                        VARINT => {
                            self.varint()?;
                        }
                        FIXED64 => {
                            self.take(8)?;
                        }
                        FIXED32 => {
                            self.take(4)?;
                        }
                        LEN => {
                            let len = self.varint()? as usize;
                            self.take(len)?;
                        }
                        _ => return None,
                    }
                }
            }
            END_GROUP => &self.buf[start..start],
            _ => return None,
        };
        Some((number, wt, value))
    }
}

// The readers below look for one field of an encoded message. Each reads
// up to the first malformed field and answers from what came before it.

/// The last value of a varint field in encoded bytes.
pub fn find_varint(bytes: &[u8], number: u32) -> Option<u64> {
    let mut r = Reader::new(bytes);
    let mut out = None;
    while let Some((n, wt, v)) = r.field() {
        if n == number && wt == VARINT {
            out = Reader::new(v).varint();
        }
    }
    out
}

/// The last length-delimited value of field `number`.
pub fn find_bytes(bytes: &[u8], number: u32) -> Option<&[u8]> {
    let mut r = Reader::new(bytes);
    let mut out = None;
    while let Some((n, wt, v)) = r.field() {
        if n == number && wt == LEN {
            out = Some(v);
        }
    }
    out
}

/// The last string value of field `number` (invalid UTF-8 replaced).
pub fn find_string(bytes: &[u8], number: u32) -> Option<String> {
    find_bytes(bytes, number).map(|v| String::from_utf8_lossy(v).into_owned())
}

/// Message field `number` with every occurrence merged, as a parser
/// merges them: their encodings concatenated.
pub fn find_message(bytes: &[u8], number: u32) -> Option<Vec<u8>> {
    let mut r = Reader::new(bytes);
    let mut out: Option<Vec<u8>> = None;
    while let Some((n, wt, v)) = r.field() {
        if n == number && wt == LEN {
            out.get_or_insert_with(Vec::new).extend_from_slice(v);
        }
    }
    out
}

/// Every value of a repeated varint field, packed or not.
pub fn find_varints(bytes: &[u8], number: u32) -> Vec<u64> {
    let mut out = Vec::new();
    let mut r = Reader::new(bytes);
    while let Some((n, wt, v)) = r.field() {
        if n != number {
            continue;
        }
        let mut vr = Reader::new(v);
        if wt == LEN {
            while let Some(x) = vr.varint() {
                out.push(x);
            }
        } else if wt == VARINT {
            out.extend(vr.varint());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message field is its tag, its body's length and its body, for
    /// bodies whose length takes one, two and three bytes, nested.
    #[test]
    fn messages_are_written_with_their_length_in_place() {
        for n in [0usize, 1, 127, 128, 300, 16_383, 16_384, 70_000] {
            let body: Vec<u8> = (0..n).map(|i| i as u8).collect();
            let mut expected = vec![7];
            put_bytes(&mut expected, 1, &body);
            let mut inner = Vec::new();
            put_bytes(&mut inner, 2, &expected);
            let mut want = vec![7];
            put_bytes(&mut want, 3, &inner);
            let mut got = vec![7];
            put_message(&mut got, 3, |b| {
                put_message(b, 2, |b| {
                    b.push(7);
                    put_message(b, 1, |b| b.extend_from_slice(&body));
                })
            });
            assert_eq!(got, want, "{n}");
        }
    }
}
