//! Decimal text → `f64`, exactly as `str::parse::<f64>` answers (same grammar, same correctly rounded value), for the
//! one place core reads a float (a fractional `Retry-After`). `str::parse` brings core's Eisel-Lemire tables and
//! slow path into the wasm (~18 KB, a 10 KB table that barely compresses); this is a small exact big-integer division,
//! slow on a long input but only ever run on a header value.

/// Significant digits kept exactly (more than the 767 that can matter); later ones only count as "nonzero or not", which
/// keeps the work linear in the input's length.
const MAX_DIGITS: i64 = 800;

/// `s.parse::<f64>().ok()`, bit for bit: an optional sign, then `inf`, `infinity` or `nan` (any case), or digits with
/// an optional `.` (at least one digit) and an optional exponent (`e`/`E`, optional sign, at least one digit).
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let sign = |v: f64| if negative { -v } else { v };
    if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        return Some(sign(f64::INFINITY));
    }
    if b.eq_ignore_ascii_case(b"nan") {
        return Some(f64::NAN);
    }
    // Mantissa digits (as one big integer) and the decimal exponent they are scaled by.
    let mut digits = Big::default();
    let mut significant: i64 = 0; // digits after the leading zeros
    let mut exp: i64 = 0;
    let mut any_digit = false;
    let mut truncated = false; // a nonzero digit past MAX_DIGITS
    let mut i = 0;
    let mut seen_point = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                any_digit = true;
                if significant >= MAX_DIGITS {
                    truncated |= c != b'0';
                    if !seen_point {
                        exp += 1;
                    }
                } else {
                    if significant > 0 || c != b'0' {
                        digits.mul_add(10, u32::from(c - b'0'));
                        significant += 1;
                    }
                    if seen_point {
                        exp -= 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if i < b.len() {
        if !matches!(b[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        let exp_negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(c @ b'0'..=b'9') = b.get(i) {
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start || i < b.len() {
            return None;
        }
        exp += if exp_negative { -e } else { e };
    }
    if significant == 0 {
        return Some(sign(0.0));
    }
    if truncated {
        // Any nonzero tail rounds like one more nonzero digit: no halfway point between two f64 has more than 767
        // significant digits, so none lies between the kept digits and the kept digits plus the tail.
        digits.mul_add(10, 1);
        significant += 1;
        exp -= 1;
    }
    // value = digits × 10^exp, and 10^(significant-1+exp) ≤ value < 10^(significant+exp).
    if significant + exp <= -330 {
        return Some(sign(0.0)); // below half the smallest subnormal (≈ 2.5e-324)
    }
    if significant - 1 + exp >= 310 {
        return Some(sign(f64::INFINITY));
    }
    let (mut num, mut den) = (digits, Big::from(1));
    let scale = if exp >= 0 { &mut num } else { &mut den };
    for _ in 0..exp.unsigned_abs() {
        scale.mul_add(10, 0);
    }
    // q = floor(num × 2^s / den) with 55 or 56 bits; the rest only matters as "was anything left" (sticky).
    let s = 55 - (num.bits() as i64 - den.bits() as i64);
    if s >= 0 {
        num.shl(s as usize);
    } else {
        den.shl((-s) as usize);
    }
    let mut q: u64 = 0;
    for bit in (0..57).rev() {
        let mut t = den.clone();
        t.shl(bit);
        if num.cmp_big(&t) != std::cmp::Ordering::Less {
            num.sub(&t);
            q |= 1 << bit;
        }
    }
    let sticky = !num.is_zero();
    let qbits = 64 - i64::from(q.leading_zeros());
    let e2 = qbits - 1 - s; // value in [2^e2, 2^(e2+1))
                            // Bits the result keeps: 53, fewer for subnormals.
    let keep = if e2 >= -1022 { 53 } else { e2 + 1075 };
    if keep <= 0 {
        // Below the smallest subnormal: exactly half of it (or less) rounds to zero (ties to even), more rounds up.
        let up = keep == 0 && (sticky || q != 1 << (qbits - 1));
        return Some(sign(if up { f64::from_bits(1) } else { 0.0 }));
    }
    let drop = (qbits - keep) as u32; // ≥ 2, since q has ≥ 55 bits
    let mut m = q >> drop;
    let rest = q & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    if rest > half || (rest == half && (sticky || m & 1 == 1)) {
        m += 1;
    }
    let bits = if e2 >= -1022 {
        // m in [2^52, 2^53]; adding it carries a rounded-up 2^53 into the exponent.
        (((e2 + 1022) as u64) << 52) + m
    } else {
        m // a subnormal; a rounded-up one becomes the smallest normal by itself
    };
    if bits >= 0x7ff0_0000_0000_0000 {
        return Some(sign(f64::INFINITY));
    }
    Some(sign(f64::from_bits(bits)))
}

/// A non-negative big integer, little-endian 32-bit limbs.
#[derive(Clone, Default)]
struct Big(Vec<u32>);

impl From<u32> for Big {
    fn from(v: u32) -> Self {
        Big(vec![v])
    }
}

impl Big {
    fn mul_add(&mut self, mul: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(mul) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    fn bits(&self) -> usize {
        match self.0.iter().rposition(|&l| l != 0) {
            Some(i) => i * 32 + 32 - self.0[i].leading_zeros() as usize,
            None => 0,
        }
    }

    fn shl(&mut self, n: usize) {
        let (words, bits) = (n / 32, n % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, words));
    }

    fn cmp_big(&self, other: &Big) -> std::cmp::Ordering {
        let (mut a, mut b) = (self.clone(), other.clone());
        a.trim();
        b.trim();
        a.0.len().cmp(&b.0.len()).then_with(|| a.0.iter().rev().cmp(b.0.iter().rev()))
    }

    /// `self -= other`; `self ≥ other`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(v < 0);
            *limb = v.rem_euclid(1 << 32) as u32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    fn same(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse_f64(s);
        match (want, got) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{s:?}: {a:e} vs {b:e}"),
            (None, None) => {}
            _ => panic!("{s:?}: {want:?} vs {got:?}"),
        }
    }

    #[test]
    fn matches_std_on_edges() {
        for s in [
            "0", "-0", "+0", "1.5", ".5", "5.", ".", "", "+", "-", "e5", "1e", "1e+", "1e-", "1e5", "1E-5", "1.e3",
            "inf", "-INF", "Infinity", "+infinity", "nan", "NaN", "-nan", "infin", "1x", "1.5.2", "1 ", " 1", "00.0010",
            "0.0010000000000000000001", "1.0000000000000000001", "9007199254740993", "9007199254740992.5",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "2e308", "1e309",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
            "1e-400", "-1e-400", "1e-99999999999999999999", "1e99999999999999999999", "123456789012345678901234567890e-30",
            "0.1", "0.2", "0.3", "3.14159265358979323846", "1e23", "8.98846567431158e307", "0e99999",
        ] {
            same(s);
        }
        // Longer than the exactly kept digits: halfway cases decided by a far digit, and long integer parts.
        let half = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125";
        for tail in ["", "0", "00000", "1", "0001", &"0".repeat(2000), &format!("{}1", "0".repeat(2000))] {
            same(&format!("{half}{tail}e-324"));
        }
        // 2^53 + 1 (halfway between two f64), then a far digit that decides it.
        for tail in ["", &"0".repeat(900), &format!("{}1", "0".repeat(900)), &format!(".{}1", "0".repeat(900))] {
            same(&format!("9007199254740993{tail}"));
            same(&format!("9007199254740993{tail}e-900"));
        }
        same(&format!("1{}e-5000", "7".repeat(5000)));
        same(&format!("0.{}1", "0".repeat(100_000)));
    }

    #[test]
    fn matches_std_on_random_input() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..100_000 {
            let kind = next() % 3;
            let mut s = String::new();
            if kind == 0 {
                // Random characters from the grammar's alphabet.
                let alphabet = b"0123456789.eE+-infatyNIF";
                for _ in 0..(next() % 12) {
                    s.push(alphabet[(next() % alphabet.len() as u64) as usize] as char);
                }
            } else {
                // Well-formed numbers: many digits, any point, exponents near the edges.
                if next() % 4 == 0 {
                    s.push('-');
                }
                let n = 1 + next()
                    % if kind == 1 {
                        20
                    } else if next() % 64 == 0 {
                        1500
                    } else {
                        45
                    };
                let point = next() % (n + 1);
                for k in 0..n {
                    if k == point {
                        s.push('.');
                    }
                    s.push((b'0' + (next() % 10) as u8) as char);
                }
                if next() % 2 == 0 {
                    let e = (next() % 700) as i64 - 350;
                    s.push_str(&format!("e{e}"));
                }
            }
            same(&s);
        }
    }
}
