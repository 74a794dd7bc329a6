//! All integration tests, in one binary.

#[macro_use]
mod shared_data;
mod common;

mod align;
mod audit;
mod batch;
mod dict;
mod dict_cache;
mod errors;
mod eval;
mod export;
mod find;
mod furniture;
mod input;
mod invariants;
mod normal;
mod plot;
mod rank;
mod robust;
mod samples;
mod segment;
mod tiny;
mod wmt21;
