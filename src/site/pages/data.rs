//! The open data: the models CSV, the JSON dataset and the downloads page.

use crate::model::scope::Scope;
use crate::output::content::{DataFile, Size};
use crate::output::csv::*;
use crate::output::dataset::dataset_json;
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
    g.files.push(DataFile {
        path: url::DATASET_JSON.into(),
        content: dataset_json(ds.ds, common),
    });
    // The data page gives each download's size. A large file is measured as it is written
    // (see `Streamed`): the page is made when rendered, after the files (see `lib::write_incremental`).
    let mut downloads: Vec<(String, Size<'a>)> = g
        .files
        .iter()
        .filter(|f| f.path.ends_with(".csv"))
        .map(|f| (f.path.clone(), f.content.size()))
        .collect();
    downloads.sort_by(|a, b| a.0.cmp(&b.0));
    // Equal fingerprints of the files give equal bytes, hence equal sizes.
    let downloads_inputs = {
        let mut h = crate::common::fingerprint::Hasher::new();
        h.add(common.as_bytes());
        for f in g.files.iter().filter(|f| f.path.ends_with(".csv")) {
            h.add(f.path.as_bytes())
                .add(f.content.fingerprint().as_bytes());
        }
        h.finish()
    };
    g.pages.push(PageSpec::new(
        url::DATA,
        "data.html",
        g.labels.open_data.clone(),
        Context::Deferred(Deferred::after_files(
            Scope::new(ds, url::DATA, []),
            downloads_inputs,
            move || {
                let downloads = downloads
                    .iter()
                    .map(|(path, size)| Download {
                        path: path.clone(),
                        bytes: size.bytes(),
                    })
                    .collect();
                Made {
                    context: std::borrow::Cow::Owned(context(DataView {
                        downloads,
                        json: url::DATASET_JSON,
                    })),
                    charts: Vec::new(),
                }
            },
        )),
    ));
}
