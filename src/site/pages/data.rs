//! The open data: the models CSV, the JSON dataset (its index and its months) and the downloads page.

use crate::model::scope::Scope;
use crate::output::content::{DataFile, Size};
use crate::output::csv::*;
use crate::output::dataset::dataset_files;
use crate::paths as url;
use crate::site::views::context;
use crate::site::views::pages::{DataView, Download};
use crate::site::{Context, Deferred, Graph, Made, PageSpec};

/// Adds the models CSV, the JSON dataset and the downloads page (after every other CSV).
pub(crate) fn add<'a>(g: &mut Graph<'a, '_>) {
    let ds = g.ds;
    let common = &g.common;
    // Open data.
    g.files.push(DataFile {
        path: url::MODELS_CSV.into(),
        content: models_csv(ds).into(),
    });
    let (index_file, month_files) = dataset_files(ds.ds, common);
    let size = |f: &DataFile<'a>| (f.path.clone(), f.content.size());
    let index = size(&index_file);
    let months: Vec<(String, Size<'a>)> = month_files.iter().map(size).collect();
    // The data page gives each download's size. A large file is measured as it is written
    // (see `Streamed`): the page is made when rendered, after the files (see `lib::write_incremental`).
    let mut downloads: Vec<(String, Size<'a>)> = g
        .files
        .iter()
        .filter(|f| f.path.ends_with(".csv"))
        .map(size)
        .collect();
    downloads.sort_by(|a, b| a.0.cmp(&b.0));
    // Equal fingerprints of the files give equal bytes, hence equal sizes.
    let downloads_inputs = {
        let mut h = crate::common::fingerprint::Hasher::new();
        h.add(common.as_bytes());
        let csv = g.files.iter().filter(|f| f.path.ends_with(".csv"));
        for f in csv.chain([&index_file]).chain(&month_files) {
            h.add(f.path.as_bytes())
                .add(f.content.fingerprint().as_bytes());
        }
        h.finish()
    };
    g.files.push(index_file);
    g.files.extend(month_files);
    g.pages.push(PageSpec::new(
        url::DATA,
        "data.html",
        g.labels.open_data.clone(),
        Context::Deferred(Deferred::after_files(
            Scope::new(ds, url::DATA, []),
            downloads_inputs,
            move || {
                let download = |(path, size): &(String, Size<'a>)| Download {
                    path: path.clone(),
                    bytes: size.bytes(),
                };
                Made {
                    context: std::borrow::Cow::Owned(context(DataView {
                        downloads: downloads.iter().map(download).collect(),
                        json: download(&index),
                        months: months.iter().map(download).collect(),
                        changed_paths: url::changed_paths(),
                    })),
                    charts: Vec::new(),
                }
            },
        )),
    ));
}
