//! A decoder of the RV32IMFC instructions our objects contain, down to what a timing model needs:
//! the length, the class (which latency applies), the registers written and read (for
//! load-use and FP-latency stalls) and the target of direct branches and jumps. Registers are
//! numbered 0-31 for x0-x31 and 32-63 for f0-f31; x0 is never reported as written.
//!
//! Encodings: the RISC-V unprivileged specification, chapters "RV32I", "M", "F" and "C"
//! (compressed quadrants 0-2, RV32 meanings: `c.jal` is a call, `c.flw`/`c.fsw` are F loads and
//! stores).

/// What an instruction costs on a core, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// Integer computation (register or immediate), `lui`, `auipc`, fences.
    Alu,
    Load,
    Store,
    /// `mul`.
    Mul,
    /// `mulh`, `mulhsu`, `mulhu`.
    MulH,
    /// `div`, `divu`, `rem`, `remu`.
    Div,
    /// A conditional branch.
    Branch,
    /// `jal` (a call when it writes a register).
    Jal,
    /// `jalr` (a return when it writes x0 from x1).
    Jalr,
    /// `csrr*`, `ecall`, `ebreak`, `wfi`, `mret`.
    System,
    /// `fadd`, `fsub`, `fmul` and the fused multiply-adds.
    FpArith,
    /// `fdiv`, `fsqrt`.
    FpDiv,
    /// FP compares, conversions, moves, sign injection, min/max, classify.
    FpOther,
    FpLoad,
    FpStore,
}

/// A register: 0-31 integer, 32-63 floating point.
pub type Reg = u8;

/// One decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inst {
    /// 2 (compressed) or 4 bytes.
    pub len: u32,
    pub class: Class,
    /// The register written (never x0).
    pub rd: Option<Reg>,
    /// The registers read.
    pub rs: [Option<Reg>; 3],
    /// The target of a direct branch or jump (of `auipc`: the address it computes).
    pub target: Option<u32>,
    /// The CSR a CSR instruction accesses.
    pub csr: Option<u16>,
    /// The immediate of `jalr`.
    pub imm: i32,
}

fn bits(v: u32, hi: u32, lo: u32) -> u32 {
    (v >> lo) & ((1 << (hi - lo + 1)) - 1)
}

/// Sign-extends the low `n` bits of `v`.
fn sext(v: u32, n: u32) -> i32 {
    ((v << (32 - n)) as i32) >> (32 - n)
}

fn x(r: u32) -> Option<Reg> {
    Some(r as Reg)
}

fn xd(r: u32) -> Option<Reg> {
    (r != 0).then_some(r as Reg)
}

fn f(r: u32) -> Option<Reg> {
    Some(32 + r as Reg)
}

/// Decodes the instruction at `pc` from `bytes` (its first bytes; 2 suffice for a compressed
/// one). `None`: too few bytes, or an encoding outside RV32IMFC.
pub fn decode(bytes: &[u8], pc: u32) -> Option<Inst> {
    let lo = u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]) as u32;
    if lo & 3 != 3 {
        return compressed(lo, pc);
    }
    let v = lo | (u16::from_le_bytes([*bytes.get(2)?, *bytes.get(3)?]) as u32) << 16;
    full(v, pc)
}

fn inst(len: u32, class: Class, rd: Option<Reg>, rs: [Option<Reg>; 3], target: Option<u32>) -> Option<Inst> {
    Some(Inst { len, class, rd, rs, target, csr: None, imm: 0 })
}

fn full(v: u32, pc: u32) -> Option<Inst> {
    let (rd, rs1, rs2, f3, f7) = (bits(v, 11, 7), bits(v, 19, 15), bits(v, 24, 20), bits(v, 14, 12), bits(v, 31, 25));
    let i = |class, rd, rs| inst(4, class, rd, rs, None);
    match v & 0x7f {
        0x37 => i(Class::Alu, xd(rd), [None; 3]),
        0x17 => inst(4, Class::Alu, xd(rd), [None; 3], Some(pc.wrapping_add(v & 0xffff_f000))),
        0x6f => {
            let imm = bits(v, 31, 31) << 20 | bits(v, 19, 12) << 12 | bits(v, 20, 20) << 11 | bits(v, 30, 21) << 1;
            inst(4, Class::Jal, xd(rd), [None; 3], Some(pc.wrapping_add(sext(imm, 21) as u32)))
        }
        0x67 if f3 == 0 => i(Class::Jalr, xd(rd), [x(rs1), None, None]).map(|i| Inst { imm: sext(v >> 20, 12), ..i }),
        0x63 if f3 != 2 && f3 != 3 => {
            let imm = bits(v, 31, 31) << 12 | bits(v, 7, 7) << 11 | bits(v, 30, 25) << 5 | bits(v, 11, 8) << 1;
            inst(4, Class::Branch, None, [x(rs1), x(rs2), None], Some(pc.wrapping_add(sext(imm, 13) as u32)))
        }
        0x03 if matches!(f3, 0 | 1 | 2 | 4 | 5) => i(Class::Load, xd(rd), [x(rs1), None, None]),
        0x23 if f3 <= 2 => i(Class::Store, None, [x(rs1), x(rs2), None]),
        0x13 => i(Class::Alu, xd(rd), [x(rs1), None, None]),
        0x33 if f7 == 1 => {
            let class = match f3 {
                0 => Class::Mul,
                1..=3 => Class::MulH,
                _ => Class::Div,
            };
            i(class, xd(rd), [x(rs1), x(rs2), None])
        }
        0x33 if f7 == 0 || f7 == 0x20 => i(Class::Alu, xd(rd), [x(rs1), x(rs2), None]),
        0x0f => i(Class::Alu, None, [None; 3]),
        0x73 => {
            // CSR accesses read rs1 unless the immediate form (funct3 5-7).
            let rs = if (1..=3).contains(&f3) { [x(rs1), None, None] } else { [None; 3] };
            let csr = (f3 != 0).then_some(bits(v, 31, 20) as u16);
            i(Class::System, if f3 == 0 { None } else { xd(rd) }, rs).map(|i| Inst { csr, ..i })
        }
        0x07 if f3 == 2 => i(Class::FpLoad, f(rd), [x(rs1), None, None]),
        0x27 if f3 == 2 => i(Class::FpStore, None, [x(rs1), f(rs2), None]),
        0x43 | 0x47 | 0x4b | 0x4f if bits(v, 26, 25) == 0 => {
            i(Class::FpArith, f(rd), [f(rs1), f(rs2), f(bits(v, 31, 27))])
        }
        0x53 => {
            let (ff, fr) = ([f(rs1), f(rs2), None], [f(rs1), None, None]);
            match f7 {
                0x00 | 0x04 | 0x08 => i(Class::FpArith, f(rd), ff),
                0x0c => i(Class::FpDiv, f(rd), ff),
                0x2c => i(Class::FpDiv, f(rd), fr),
                0x10 | 0x14 => i(Class::FpOther, f(rd), ff),
                0x50 => i(Class::FpOther, xd(rd), ff),
                0x60 | 0x70 => i(Class::FpOther, xd(rd), fr),
                0x68 | 0x78 => i(Class::FpOther, f(rd), [x(rs1), None, None]),
                _ => None,
            }
        }
        _ => None,
    }
}

fn compressed(v: u32, pc: u32) -> Option<Inst> {
    let q = v & 3;
    let f3 = bits(v, 15, 13);
    // rd'/rs1' (bits 9:7) and rs2'/rd' (bits 4:2): x8-x15.
    let (r97, r42) = (8 + bits(v, 9, 7), 8 + bits(v, 4, 2));
    let (r117, r62) = (bits(v, 11, 7), bits(v, 6, 2));
    let i = |class, rd, rs| inst(2, class, rd, rs, None);
    match (q, f3) {
        (0, 0) if v != 0 => i(Class::Alu, xd(r42), [x(2), None, None]),
        (0, 2) => i(Class::Load, xd(r42), [x(r97), None, None]),
        (0, 3) => i(Class::FpLoad, f(r42), [x(r97), None, None]),
        (0, 6) => i(Class::Store, None, [x(r97), x(r42), None]),
        (0, 7) => i(Class::FpStore, None, [x(r97), f(r42), None]),
        (1, 0) => i(Class::Alu, xd(r117), [x(r117), None, None]),
        (1, 1) | (1, 5) => {
            let imm = bits(v, 12, 12) << 11
                | bits(v, 8, 8) << 10
                | bits(v, 10, 9) << 8
                | bits(v, 6, 6) << 7
                | bits(v, 7, 7) << 6
                | bits(v, 2, 2) << 5
                | bits(v, 11, 11) << 4
                | bits(v, 5, 3) << 1;
            let rd = if f3 == 1 { x(1) } else { None };
            inst(2, Class::Jal, rd, [None; 3], Some(pc.wrapping_add(sext(imm, 12) as u32)))
        }
        (1, 2) | (1, 3) => {
            let rs = if f3 == 3 && r117 == 2 { [x(2), None, None] } else { [None; 3] };
            i(Class::Alu, xd(r117), rs)
        }
        (1, 4) => {
            let rs = if bits(v, 11, 10) == 3 { [x(r97), x(r42), None] } else { [x(r97), None, None] };
            i(Class::Alu, xd(r97), rs)
        }
        (1, 6) | (1, 7) => {
            let imm = bits(v, 12, 12) << 8
                | bits(v, 6, 5) << 6
                | bits(v, 2, 2) << 5
                | bits(v, 11, 10) << 3
                | bits(v, 4, 3) << 1;
            inst(2, Class::Branch, None, [x(r97), None, None], Some(pc.wrapping_add(sext(imm, 9) as u32)))
        }
        (2, 0) => i(Class::Alu, xd(r117), [x(r117), None, None]),
        (2, 2) if r117 != 0 => i(Class::Load, xd(r117), [x(2), None, None]),
        (2, 3) => i(Class::FpLoad, f(r117), [x(2), None, None]),
        (2, 4) => match (bits(v, 12, 12), r117, r62) {
            (0, 0, 0) => None,
            (0, rs1, 0) => i(Class::Jalr, None, [x(rs1), None, None]),
            (0, rd, rs2) => i(Class::Alu, xd(rd), [x(rs2), None, None]),
            (1, 0, 0) => i(Class::System, None, [None; 3]),
            (1, rs1, 0) => i(Class::Jalr, x(1), [x(rs1), None, None]),
            (_, rd, rs2) => i(Class::Alu, xd(rd), [x(rd), x(rs2), None]),
        },
        (2, 6) => i(Class::Store, None, [x(2), x(r62), None]),
        (2, 7) => i(Class::FpStore, None, [x(2), f(r62), None]),
        _ => None,
    }
}
