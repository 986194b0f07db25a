//! The bytes of the data files published beside the pages: ready, or streamed
//! part after part when written (see [`Streamed`]).

use rayon::prelude::*;

/// A file of data published beside the pages (CSV downloads, the JSON dataset's index and months).
#[derive(Debug)]
pub struct DataFile<'a> {
    /// Path under the site root.
    pub path: String,
    /// The bytes.
    pub content: Content<'a>,
}

/// The bytes of a data file: ready, or made when written.
pub enum Content<'a> {
    /// Small files, made with the page graph.
    Ready(String),
    /// Large files (a national portal's CSV files and JSON months run to megabytes
    /// each, some CSV files to tens), written out as they are made, never held whole.
    Deferred(std::sync::Arc<Streamed<'a>>),
}

/// A file made when written. Its fingerprint is that of its inputs, known
/// without making it; its length is learnt when it is written (or, when an
/// incremental build keeps it, from the last build's manifest).
pub struct Streamed<'a> {
    /// Its parts, listed when it is made (most builds make few of the files).
    parts: PartsFn<'a>,
    inputs: crate::common::fingerprint::Fp,
    len: std::sync::OnceLock<usize>,
}

/// Lists the parts of a deferred file, handing them to the function it is given
/// (which makes and writes them). A callback rather than a returned list keeps
/// [`Streamed`] covariant in `'a`, as borrowed data must be.
type PartsFn<'a> = Box<dyn Fn(&mut EmitParts<'_>) -> std::io::Result<()> + Send + Sync + 'a>;

/// Makes and writes the parts listed by a [`PartsFn`].
type EmitParts<'e> = dyn FnMut(Vec<Part<'_>>) -> std::io::Result<()> + 'e;

/// A stretch of a file made of parts: a run of rows of a readings CSV.
///
/// A part with a fingerprint of its inputs is copied from the current output's
/// file when the last build wrote one with the same fingerprint there (see
/// [`crate::output::parts::EarlierParts`]): a corrected figure makes its run of
/// rows again, not the hundreds of others. A part without one is always made.
pub struct Part<'a> {
    input: Option<crate::common::fingerprint::Fp>,
    make: MakePart<'a>,
}

/// Appends a part's bytes.
type MakePart<'a> = Box<dyn Fn(&mut Vec<u8>) -> std::io::Result<()> + Send + Sync + 'a>;

impl<'a> Part<'a> {
    /// A part made by `make` on every build (small ones).
    pub(crate) fn fresh(
        make: impl Fn(&mut Vec<u8>) -> std::io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Part {
            input: None,
            make: Box::new(make),
        }
    }

    /// A part whose bytes depend on nothing but the inputs fingerprinted `input`.
    pub(crate) fn of(
        input: crate::common::fingerprint::Fp,
        make: impl Fn(&mut Vec<u8>) -> std::io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Part {
            input: Some(input),
            make: Box::new(make),
        }
    }
}

impl std::fmt::Debug for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Ready(s) => write!(f, "Ready({} bytes)", s.len()),
            Content::Deferred(d) => write!(f, "Deferred({}, {:?} bytes)", d.inputs, d.len.get()),
        }
    }
}

impl From<String> for Content<'_> {
    fn from(s: String) -> Self {
        Content::Ready(s)
    }
}

/// Counts bytes written to it, passing them on to `out` if any.
struct Count<'w> {
    len: usize,
    out: Option<&'w mut dyn std::io::Write>,
}

impl std::io::Write for Count<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(out) = &mut self.out {
            out.write_all(buf)?;
        }
        self.len += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.as_mut().map_or(Ok(()), |o| o.flush())
    }
}

impl Streamed<'_> {
    /// Length, made now (into nothing) if never written nor kept.
    fn len(&self) -> usize {
        *self.len.get_or_init(|| {
            let mut c = Count { len: 0, out: None };
            // Counting cannot fail; a maker's own error leaves what it wrote counted.
            let _ = self.make_into(&mut c, None);
            c.len
        })
    }

    /// Writes the bytes, counting them on the way if they never were; returns where its parts are.
    fn write_to(
        &self,
        w: &mut dyn std::io::Write,
        earlier: Option<&crate::output::parts::EarlierParts<'_>>,
    ) -> std::io::Result<Vec<crate::output::parts::PartRecord>> {
        let mut c = Count {
            len: 0,
            out: Some(w),
        };
        let parts = self.make_into(&mut c, earlier)?;
        let _ = self.len.set(c.len);
        Ok(parts)
    }

    /// Makes the parts into `w`, copying those `earlier` has; returns where the
    /// parts with inputs are, for the next build.
    fn make_into(
        &self,
        w: &mut dyn std::io::Write,
        earlier: Option<&crate::output::parts::EarlierParts<'_>>,
    ) -> std::io::Result<Vec<crate::output::parts::PartRecord>> {
        let mut records = Vec::new();
        let mut at = 0u64;
        (self.parts)(&mut |parts: Vec<Part<'_>>| {
            // As many at a time as there are cores: memory holds those, not the whole file.
            // Their buffers are used again by the next ones: parts run to megabytes, and
            // new memory costs the kernel's clearing it.
            let mut buffers: Vec<Vec<u8>> = Vec::new();
            for chunk in parts.chunks(rayon::current_num_threads().max(1)) {
                buffers.resize_with(chunk.len(), Vec::new);
                let made: Vec<std::io::Result<()>> = chunk
                    .par_iter()
                    .zip(buffers.par_iter_mut())
                    .map(|(p, bytes)| {
                        bytes.clear();
                        if let (Some(input), Some(e)) = (&p.input, earlier)
                            && e.read_into(input, bytes)
                        {
                            return Ok(());
                        }
                        (p.make)(bytes)
                    })
                    .collect();
                for ((p, made), bytes) in chunk.iter().zip(made).zip(&buffers) {
                    made?;
                    w.write_all(bytes)?;
                    if let Some(input) = &p.input {
                        records.push(crate::output::parts::PartRecord::of(input, at, bytes));
                    }
                    at += bytes.len() as u64;
                }
            }
            Ok(())
        })?;
        Ok(records)
    }
}

impl<'a> Content<'a> {
    /// A file written out part after part (see [`Part`]) when needed, from inputs fingerprinted `inputs`.
    pub(crate) fn parted(
        inputs: crate::common::fingerprint::Fp,
        parts: impl Fn() -> Vec<Part<'a>> + Send + Sync + 'a,
    ) -> Self {
        let parts = move |emit: &mut EmitParts<'_>| emit(parts());
        Content::Deferred(std::sync::Arc::new(Streamed {
            parts: Box::new(parts),
            inputs,
            len: std::sync::OnceLock::new(),
        }))
    }

    /// Length in bytes (made now if deferred and neither written nor kept).
    pub fn len(&self) -> usize {
        match self {
            Content::Ready(s) => s.len(),
            Content::Deferred(d) => d.len(),
        }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fingerprint: of the bytes when ready, of the inputs when deferred (nothing is made).
    pub fn fingerprint(&self) -> crate::common::fingerprint::Fp {
        match self {
            Content::Ready(s) => crate::common::fingerprint::hash(s.as_bytes()),
            Content::Deferred(d) => d.inputs.clone(),
        }
    }

    /// Writes the bytes (made now if deferred), taking what parts it can from
    /// `earlier`; returns where its parts are, for the next build.
    pub fn write_to(
        &self,
        w: &mut dyn std::io::Write,
        earlier: Option<&crate::output::parts::EarlierParts<'_>>,
    ) -> std::io::Result<Vec<crate::output::parts::PartRecord>> {
        match self {
            Content::Ready(s) => w.write_all(s.as_bytes()).map(|()| Vec::new()),
            Content::Deferred(d) => d.write_to(w, earlier),
        }
    }

    /// The file was carried over from the last build, whose manifest gives its length.
    pub fn kept(&self, len: usize) {
        if let Content::Deferred(d) = self {
            let _ = d.len.set(len);
        }
    }

    /// Its length, known now or once the bytes are made: for a page that shows it.
    pub(crate) fn size(&self) -> Size<'a> {
        match self {
            Content::Ready(s) => Size::Known(s.len()),
            Content::Deferred(d) => Size::Later(d.clone()),
        }
    }
}

/// The length of a data file, as a page made later reads it.
pub(crate) enum Size<'a> {
    Known(usize),
    Later(std::sync::Arc<Streamed<'a>>),
}

impl Size<'_> {
    /// The length in bytes (made now if not yet known).
    pub(crate) fn bytes(&self) -> usize {
        match self {
            Size::Known(n) => *n,
            Size::Later(d) => d.len(),
        }
    }
}
