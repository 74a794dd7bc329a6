//! All integration tests, in one binary.

mod align;
mod cli;
mod common;
mod dict;
mod eval;
mod input;
mod invariants;
mod samples;
mod wmt21;
