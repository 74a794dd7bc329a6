//! Pieces of the command line that are not alignment: reading the files the
//! user names, writing outputs safely, keeping the terminal clean.

pub mod input;
pub mod output;
pub mod terminal;
