//! Benchmarks of cloudgen: the generator's time and memory on corpora of every size, the
//! compile cost of the generated code, and the generated client's run-time overhead.
//!
//! `cargo run -p cloudgen-benchmarks --release -- all` runs every benchmark and prints the
//! table; `quick` runs a shorter set. See `BENCHMARKS.md` at the workspace root.

pub mod catalogue;
pub mod compile;
pub mod corpus;
pub mod dependencies;
pub mod generator;
pub mod heap;
pub mod loopback;
pub mod openapi;
pub mod report;
pub mod runtime;
