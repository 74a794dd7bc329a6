//! The exponentials of the bead weights of the confidences, four at a
//! time where the CPU can.
//!
//! The weights, `exp(-cost / temperature)`, take one exponential per bead
//! kind per cell of a band, over a million of them for a long text, and
//! the C library's `exp` takes about 5 ns for each. The binary is built
//! for the baseline x86-64, so on a CPU with AVX2 and FMA (detected when
//! the program runs) the weights of a row go through `wide::exp4`, which
//! works on four lanes at once and stays within 1 ulp of `f64::exp`
//! (the test in `dp.rs` checks it). Other CPUs, and other architectures,
//! use `f64::exp`.

/// How the exponentials are computed: chosen once, by what the CPU can do.
#[derive(Clone, Copy, Debug)]
pub(super) struct Exp {
    /// True when AVX2 and FMA are there.
    #[cfg_attr(not(any(test, target_arch = "x86_64")), allow(dead_code))]
    wide: bool,
}

impl Exp {
    /// The fastest way this CPU has.
    pub fn detect() -> Exp {
        #[cfg(target_arch = "x86_64")]
        {
            Exp { wide: is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Exp { wide: false }
        }
    }

    /// The scalar `f64::exp` alone, on any CPU (for the tests).
    #[cfg(test)]
    pub fn scalar() -> Exp {
        Exp { wide: false }
    }

    /// True when the four-lane version is used.
    #[cfg(test)]
    pub fn is_wide(self) -> bool {
        self.wide
    }

    /// The weights of `costs` into `out` (as long): `exp(-cost /
    /// temperature)`, and 0 where the cost is not finite (a bead that is
    /// not allowed, whatever the sign of its infinity).
    pub fn weights(self, out: &mut [f64], costs: &[f64], temperature: f64) {
        assert_eq!(out.len(), costs.len(), "one weight per cost");
        #[cfg(target_arch = "x86_64")]
        if self.wide {
            // SAFETY: `wide` is only true when the CPU has AVX2 and FMA
            // (see `detect`), the features that the function is compiled
            // for.
            unsafe { wide::weights(out, costs, temperature) };
            return;
        }
        for (x, &c) in out.iter_mut().zip(costs) {
            *x = if c.is_finite() { (-c / temperature).exp() } else { 0.0 };
        }
    }

    /// `exp(x)` of each of `xs` into `out`, the way [`weights`](Self::weights)
    /// computes it (for the tests).
    #[cfg(test)]
    pub fn exp(self, out: &mut [f64], xs: &[f64]) {
        assert_eq!(out.len(), xs.len(), "one result per argument");
        #[cfg(target_arch = "x86_64")]
        if self.wide {
            // SAFETY: as in `weights`.
            unsafe { wide::exp(out, xs) };
            return;
        }
        for (y, &x) in out.iter_mut().zip(xs) {
            *y = x.exp();
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod wide {
    use std::arch::x86_64::*;

    /// `log2(e)`, rounded.
    const LOG2_E: f64 = std::f64::consts::LOG2_E;
    /// `ln(2)` in two parts: `LN2_HI` is `ln(2)` rounded, `LN2_LO` the
    /// rest, rounded. `n * LN2_HI` is exact inside a fused multiply-add,
    /// and `x - n * LN2_HI` then is too (see [`exp4`]).
    const LN2_HI: f64 = std::f64::consts::LN_2;
    const LN2_LO: f64 = 2.319_046_813_846_299_6e-17;
    /// 1.5 * 2^52: added to a number of magnitude below 2^51, it leaves
    /// that number rounded to an integer in the low bits of the sum's bit
    /// pattern (the spacing of doubles there is 1).
    const ROUNDER: f64 = 6_755_399_441_055_744.0;
    /// Arguments beyond these give 0 (below) or infinity (above): they
    /// are brought to them so that the powers of two stay in range.
    const LOWEST: f64 = -746.0;
    const HIGHEST: f64 = 710.0;

    /// `(exp(r) - 1 - r) / r^2`, the Taylor series of `exp` from its
    /// `r^2` term up to `r^13`: 1/2!, 1/3!, ..., 1/13!. For `|r| <=
    /// ln(2)/2` the terms left out come to under 1/20 ulp.
    const TAYLOR: [f64; 12] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];

    /// The weights of `costs` into `out`, as in [`super::Exp::weights`].
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn weights(out: &mut [f64], costs: &[f64], temperature: f64) {
        // Dividing by a power of two is multiplying by its reciprocal,
        // exactly (both round the same number), and a product is much
        // cheaper than a quotient: the default temperature, 1, is one.
        let reciprocal = 1.0 / temperature;
        let exact = temperature.to_bits() & ((1 << 52) - 1) == 0
            && temperature.is_normal()
            && reciprocal.is_normal()
            && reciprocal * temperature == 1.0;
        if exact {
            weights_by(out, costs, |x| _mm256_mul_pd(x, _mm256_set1_pd(reciprocal)));
        } else {
            weights_by(out, costs, |x| _mm256_div_pd(x, _mm256_set1_pd(temperature)));
        }
    }

    /// The weights of `costs` into `out`, with `scale(-cost)` the
    /// argument of the exponential.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn weights_by(out: &mut [f64], costs: &[f64], scale: impl Fn(__m256d) -> __m256d) {
        let mut chunks = out.chunks_exact_mut(4);
        let mut from = costs.chunks_exact(4);
        for (o, c) in (&mut chunks).zip(&mut from) {
            // SAFETY: both chunks have four values.
            _mm256_storeu_pd(o.as_mut_ptr(), weigh4(_mm256_loadu_pd(c.as_ptr()), &scale));
        }
        let (o, c) = (chunks.into_remainder(), from.remainder());
        if !o.is_empty() {
            // the last one to three, padded with zeros
            let (mut a, mut b) = ([0.0f64; 4], [0.0f64; 4]);
            a[..c.len()].copy_from_slice(c);
            _mm256_storeu_pd(b.as_mut_ptr(), weigh4(_mm256_loadu_pd(a.as_ptr()), &scale));
            o.copy_from_slice(&b[..o.len()]);
        }
    }

    /// The weights of four costs, with `scale(-cost)` the argument of the
    /// exponential.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn weigh4(c: __m256d, scale: &impl Fn(__m256d) -> __m256d) -> __m256d {
        let sign = _mm256_set1_pd(-0.0);
        // |c| < infinity: false for infinities and NaN
        let finite = _mm256_cmp_pd::<_CMP_LT_OQ>(_mm256_andnot_pd(sign, c), _mm256_set1_pd(f64::INFINITY));
        // flipping the sign bit is the negation, exactly
        let x = scale(_mm256_xor_pd(c, sign));
        _mm256_and_pd(exp4(x), finite)
    }

    /// `exp` of each of `xs` into `out`.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[cfg(test)]
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn exp(out: &mut [f64], xs: &[f64]) {
        for (o, x) in out.chunks_mut(4).zip(xs.chunks(4)) {
            let (mut a, mut b) = ([0.0f64; 4], [0.0f64; 4]);
            a[..x.len()].copy_from_slice(x);
            _mm256_storeu_pd(b.as_mut_ptr(), exp4(_mm256_loadu_pd(a.as_ptr())));
            o.copy_from_slice(&b[..o.len()]);
        }
    }

    /// `exp` of four numbers.
    ///
    /// `x = n ln(2) + r`, with `n` the integer nearest `x / ln(2)` and
    /// `|r| <= ln(2)/2`, so `exp(x) = 2^n exp(r)`, with `exp(r)` from its
    /// Taylor series (in Horner's form, with fused multiply-adds).
    ///
    /// `r` comes out to within half an ulp: `n * LN2_HI` is exact inside
    /// the fused multiply-add, and `x - n * LN2_HI`, a multiple of 2^-53
    /// (the spacing of `n * LN2_HI` and of any `x` beyond 1/2, where `n`
    /// is not 0) of magnitude below 1, is a double, so only the last step,
    /// taking away `n * LN2_LO`, rounds. `exp(r)` is summed as `1 + (r +
    /// r^2 q)`, so that the last rounding is that of the result.
    ///
    /// `2^n` is put together from its bits, in two halves, `2^(n/2)`
    /// rounded down and the rest: each is a normal number for every `n`
    /// from the lowest argument to the highest, so that `exp(r) 2^(n/2)`
    /// is exact and only the last product rounds, also when it is below
    /// the normal numbers (a subnormal result, or 0) or above them
    /// (infinity).
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn exp4(x: __m256d) -> __m256d {
        // NaN comes back as it is; the bounds take the other lanes (a
        // NaN in `x` gives the bound, the second operand, in max)
        let nan = _mm256_cmp_pd::<_CMP_UNORD_Q>(x, x);
        let xb = _mm256_min_pd(_mm256_max_pd(x, _mm256_set1_pd(LOWEST)), _mm256_set1_pd(HIGHEST));
        let rounder = _mm256_set1_pd(ROUNDER);
        // n + ROUNDER: n in the low bits
        let shifted = _mm256_fmadd_pd(xb, _mm256_set1_pd(LOG2_E), rounder);
        let n = _mm256_sub_pd(shifted, rounder);
        let r = _mm256_fnmadd_pd(n, _mm256_set1_pd(LN2_HI), xb);
        let r = _mm256_fnmadd_pd(n, _mm256_set1_pd(LN2_LO), r);
        // q by Estrin's scheme, which waits on fewer products in a row
        // than Horner's: pairs of terms, then groups of four
        let r2 = _mm256_mul_pd(r, r);
        let r4 = _mm256_mul_pd(r2, r2);
        let pair = |k: usize| _mm256_fmadd_pd(_mm256_set1_pd(TAYLOR[k + 1]), r, _mm256_set1_pd(TAYLOR[k]));
        let four = |k: usize| _mm256_fmadd_pd(pair(k + 2), r2, pair(k));
        let q = _mm256_fmadd_pd(_mm256_fmadd_pd(four(8), r4, four(4)), r4, four(0));
        let e = _mm256_add_pd(_mm256_set1_pd(1.0), _mm256_fmadd_pd(r2, q, r));
        // n as an integer, from -1076 to 1024, split in two halves: `low`
        // = floor(n / 2) (by a logical shift of n + 2048, never below 0)
        // and `high` = n - low, each from -538 to 512
        let ni = _mm256_sub_epi64(_mm256_castpd_si256(shifted), _mm256_castpd_si256(rounder));
        let low = _mm256_sub_epi64(
            _mm256_srli_epi64::<1>(_mm256_add_epi64(ni, _mm256_set1_epi64x(2048))),
            _mm256_set1_epi64x(1024),
        );
        let high = _mm256_sub_epi64(ni, low);
        // 2^k: the biased exponent k + 1023 in the exponent bits
        let bias = _mm256_set1_epi64x(1023);
        let low = _mm256_castsi256_pd(_mm256_slli_epi64::<52>(_mm256_add_epi64(low, bias)));
        let high = _mm256_castsi256_pd(_mm256_slli_epi64::<52>(_mm256_add_epi64(high, bias)));
        let y = _mm256_mul_pd(_mm256_mul_pd(e, low), high);
        _mm256_blendv_pd(y, x, nan)
    }
}
