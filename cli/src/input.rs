//! Reading the editions the user names: a clear error for a folder, a
//! missing file, a file over the size limit, or a file that is not text at
//! all (a PDF, a zip archive, UTF-32, a compressed file); gzip-compressed
//! files are read through `flate2`.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Reads the whole of `path`, decompressed when it is gzip-compressed,
/// refusing more than `max_bytes` (after decompression).
///
/// # Errors
/// A message naming the file, what is wrong and what to do.
pub fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(format!("cannot read {shown}: it is a folder; give a text file"));
    }
    let file = File::open(path).map_err(|e| {
        let hint = match e.kind() {
            io::ErrorKind::NotFound => "; check the path",
            io::ErrorKind::PermissionDenied => "; check the file's permissions",
            _ => "",
        };
        format!("cannot read {shown}: {e}{hint}")
    })?;
    let too_big = |what: &str| {
        format!(
            "{shown}: {what} more than {} MB, the input limit; raise it with --max-input-mb if you mean it",
            max_bytes / MB
        )
    };
    // a regular file's size: the buffer is taken at once (read_to_end
    // would grow it by doubling, copying the text and faulting in pages
    // up to twice over)
    let size = file.metadata().ok().filter(|m| m.is_file()).map_or(0, |m| m.len());
    if size > max_bytes {
        return Err(too_big("the file holds"));
    }
    let bytes = read_at_most(file, max_bytes, size).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let Some(bytes) = bytes else { return Err(too_big("the file holds")) };
    if !bytes.starts_with(GZIP) {
        return match kind(&bytes) {
            Some(what) => Err(format!("{shown}: {what}")),
            None => Ok(bytes),
        };
    }
    let text = read_at_most(flate2::read::MultiGzDecoder::new(&bytes[..]), max_bytes, 0)
        .map_err(|e| format!("{shown}: starts as a gzip-compressed file does, but cannot be decompressed: {e}"))?;
    let Some(text) = text else { return Err(too_big("decompressed, the file holds")) };
    match kind(&text) {
        Some(what) => Err(format!("{shown}: decompressed, {what}")),
        None => Ok(text),
    }
}

/// A megabyte, as `--max-input-mb` counts it.
pub const MB: u64 = 1 << 20;

/// The gzip magic number.
const GZIP: &[u8] = &[0x1f, 0x8b];

/// All of `r`, or `None` when it holds more than `max` bytes; `size` is
/// what `r` is expected to hold (0 when unknown), room taken up front.
fn read_at_most(r: impl Read, max: u64, size: u64) -> io::Result<Option<Vec<u8>>> {
    let mut out = Vec::with_capacity(usize::try_from(size.min(max)).unwrap_or(0));
    r.take(max.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= max).then_some(out))
}

/// What `bytes` are when they are a known kind of file that is not text,
/// told by its first bytes: the message to show, with what to do.
fn kind(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str, &str)] = &[
        (b"%PDF-", "a PDF document", "extract its text first (for example `pdftotext -enc UTF-8 FILE out.txt`)"),
        (b"PK\x03\x04", "a zip archive (or a .docx, .odt or .epub, which are zip archives)", "extract the text first"),
        (b"PK\x05\x06", "an empty zip archive", "give a text file"),
        (GZIP, "gzip-compressed twice", "decompress it first (`gunzip`)"),
        (b"\xfd7zXZ\x00", "xz-compressed", "decompress it first (`unxz`)"),
        (b"BZh", "bzip2-compressed", "decompress it first (`bunzip2`)"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed", "decompress it first (`unzstd`)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc)", "save it as plain text first"),
    ];
    for (magic, what, todo) in MAGIC {
        // `BZh` is also how a text may start: bzip2 has a block size digit next
        let bzip2_text = *magic == b"BZh" && !bytes.get(3).is_some_and(|b| (b'1'..=b'9').contains(b));
        if bytes.starts_with(magic) && !bzip2_text {
            return Some(format!("this is {what}, not text; {todo}"));
        }
    }
    utf32(bytes).map(|order| {
        format!("this is UTF-32 text ({order}); convert it to UTF-8 first (for example `iconv -f utf-32 -t utf-8`)")
    })
}

/// The byte order when `bytes` are UTF-32: a UTF-32 byte-order mark, or,
/// without one, every one of the first 100 code units a character that is
/// not a control (but tab and line breaks), none of them NUL.
fn utf32(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xff, 0xfe, 0, 0]) {
        return Some("little-endian");
    }
    if bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        return Some("big-endian");
    }
    let units = bytes.len().min(400) / 4;
    if units < 2 || !bytes.contains(&0) {
        return None;
    }
    let sample = &bytes[..4 * units];
    let text = |decode: fn([u8; 4]) -> u32| {
        sample.chunks_exact(4).all(|u| {
            char::from_u32(decode([u[0], u[1], u[2], u[3]]))
                .is_some_and(|c| c != '\0' && (!c.is_control() || matches!(c, '\n' | '\r' | '\t')))
        })
    };
    if text(u32::from_le_bytes) {
        Some("little-endian")
    } else if text(u32::from_be_bytes) {
        Some("big-endian")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_their_first_bytes() {
        let utf32: Vec<u8> = "Hello, world.\n".chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        assert!(kind(&utf32).is_some_and(|m| m.contains("UTF-32 text (little-endian)")));
        let be: Vec<u8> = "Привет.\n".chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        assert!(kind(&be).is_some_and(|m| m.contains("big-endian")));
        let utf16: Vec<u8> = "Hello, world.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(kind(&utf16), None);
        assert_eq!(kind(b"BZh is how this text starts"), None);
        assert!(kind(b"BZh91AY&SY").is_some());
        assert!(kind(b"%PDF-1.7\n").is_some_and(|m| m.contains("PDF")));
    }
}
