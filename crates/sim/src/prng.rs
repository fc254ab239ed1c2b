//! A tiny seeded PRNG (SplitMix64) and the id format the provider uses.
//!
//! Everything random in the simulator (ids, sizes, faults, latency, job failures) comes from
//! here, so a given `--seed` reproduces the same run (for a given order of requests).

use std::sync::atomic::{AtomicU64, Ordering};

/// Crockford-style lowercase base32, the alphabet of the provider's ids (`vps_01hxa3b4…`).
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// SplitMix64 (Steele, Lea, Flood 2014): one u64 of state, good enough statistics for a simulator.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`); the modulo bias is irrelevant at these sizes.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.next_f64() < p
    }

    /// `prefix` + `01h` + 23 base32 characters: 26 characters after the prefix, like `vps_01hxa3b4c5d6e7f8g9h0j1k2m3`.
    pub(crate) fn id(&mut self, prefix: &str) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        encode_id(prefix, a, b)
    }
}

/// The SplitMix64 output function: a strong 64-bit mixer.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn encode_id(prefix: &str, a: u64, b: u64) -> String {
    let mut s = String::with_capacity(prefix.len() + 26);
    s.push_str(prefix);
    s.push_str("01h");
    let mut bits = (u128::from(a) << 64) | u128::from(b);
    for _ in 0..23 {
        s.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    s
}

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(0x5eed_0000_0000_0001);

/// A fresh `req_…` id for a problem document. Lock-free: a counter through the mixer.
pub(crate) fn request_id() -> String {
    let n = REQUEST_SEQ.fetch_add(1, Ordering::Relaxed);
    encode_id("req_", mix(n), mix(n ^ 0xa5a5_a5a5_a5a5_a5a5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = SplitMix64::new(42);
        let mut b = SplitMix64::new(42);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(SplitMix64::new(43).next_u64(), xs[0]);
    }

    #[test]
    fn known_first_output() {
        // Reference value of SplitMix64 seeded with 0.
        assert_eq!(SplitMix64::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn ids_have_the_provider_shape() {
        let mut r = SplitMix64::new(7);
        let id = r.id("vps_");
        assert_eq!(id.len(), 4 + 26);
        assert!(id.starts_with("vps_01h"));
        assert!(id[4..].bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(id, r.id("vps_"));
        let req = request_id();
        assert_eq!(req.len(), 30);
        assert_ne!(req, request_id());
    }

    #[test]
    fn floats_and_ranges_stay_in_bounds() {
        let mut r = SplitMix64::new(1);
        for _ in 0..1000 {
            let f = r.next_f64();
            assert!((0.0..1.0).contains(&f));
            assert!(r.below(7) < 7);
        }
        assert!(!r.chance(0.0));
        assert!(r.chance(1.0));
    }
}
