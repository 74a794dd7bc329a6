//! All integration tests, in one binary.

mod cli;
mod common;
mod eval;
mod input;
mod invariants;
mod samples;
mod wmt21;
