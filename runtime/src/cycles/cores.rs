//! Timing tables of the cores the cycle model knows, each from its documentation (file named per
//! core), for zero-wait-state instruction and data memories.

use super::decode::Class;

/// The cycle costs of one core.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Core {
    pub name: &'static str,
    /// What the core runs: `false` for rv32imc (int8 models only), `true` for rv32imfc.
    pub fpu: bool,
    pub alu: u32,
    pub load: u32,
    pub store: u32,
    pub mul: u32,
    pub mulh: u32,
    /// Division and remainder (operand-dependent on some cores: the documented worst case).
    pub div: u32,
    /// A conditional branch not taken, and taken (total cycles).
    pub branch: u32,
    pub taken: u32,
    /// `jal` and `jalr`.
    pub jump: u32,
    pub system: u32,
    /// Extra cycles when the next instruction reads a loaded register.
    pub load_use: u32,
    /// Extra cycles for a `jalr` whose address register the previous instruction wrote.
    pub jalr_dep: u32,
    /// Extra cycles when a taken branch or jump lands on a 32-bit instruction that is not
    /// word-aligned (two fetches).
    pub misaligned: u32,
    pub fp_arith: u32,
    /// Extra cycles when the next instruction reads an FP add/mul/fma result (FPU_ADDMUL_LAT).
    pub fp_latency: u32,
    pub fp_div: u32,
    pub fp_other: u32,
}

impl Core {
    /// The cycles an instruction of `class` takes by itself (no stalls from its neighbours, a
    /// branch counted as not taken).
    pub fn base(&self, class: Class) -> u32 {
        match class {
            Class::Alu => self.alu,
            Class::Load | Class::FpLoad => self.load,
            Class::Store | Class::FpStore => self.store,
            Class::Mul => self.mul,
            Class::MulH => self.mulh,
            Class::Div => self.div,
            Class::Branch => self.branch,
            Class::Jal | Class::Jalr => self.jump,
            Class::System => self.system,
            Class::FpArith => self.fp_arith,
            Class::FpDiv => self.fp_div,
            Class::FpOther => self.fp_other,
        }
    }

    /// The core named `name` (`fp_latency` for cv32e40p: its FPU_ADDMUL_LAT).
    pub fn named(name: &str, fp_latency: u32) -> Option<Core> {
        CORES.iter().find(|c| c.name == name).map(|c| Core { fp_latency: if c.fpu { fp_latency } else { 0 }, ..*c })
    }

    pub fn names() -> Vec<&'static str> {
        CORES.iter().map(|c| c.name).collect()
    }
}

/// One cycle per instruction: Spike's own count (`mcycle == minstret`).
const SPIKE: Core = Core {
    name: "spike",
    fpu: true,
    alu: 1,
    load: 1,
    store: 1,
    mul: 1,
    mulh: 1,
    div: 1,
    branch: 1,
    taken: 1,
    jump: 1,
    system: 1,
    load_use: 0,
    jalr_dep: 0,
    misaligned: 0,
    fp_arith: 1,
    fp_latency: 0,
    fp_div: 1,
    fp_other: 1,
};

/// lowRISC Ibex, 2-stage pipeline, `doc/03_reference/pipeline_details.rst` ("Multi- and
/// Single-Cycle Instructions": cycles = 1 + stall cycles): loads and stores stall 1, `mul` 2 and
/// `mulh` 3 with the fast multiplier, division 37, jumps 1, taken branches 2, not-taken 0; the
/// "small" configuration of `ibex_configs.yaml` (RV32MFast, no branch-target ALU). A 32-bit
/// instruction across a word boundary after a jump costs one more fetch (measured on its
/// Verilator simple system).
const IBEX_SMALL: Core = Core {
    name: "ibex-small",
    fpu: false,
    alu: 1,
    load: 2,
    store: 2,
    mul: 3,
    mulh: 4,
    div: 38,
    branch: 1,
    taken: 3,
    jump: 2,
    system: 1,
    load_use: 0,
    jalr_dep: 0,
    misaligned: 1,
    fp_arith: 1,
    fp_latency: 0,
    fp_div: 1,
    fp_other: 1,
};

/// Ibex "maxperf" (`ibex_configs.yaml`: single-cycle multiplier, branch-target ALU, writeback
/// stage): `mul` 1, `mulh` 2, taken branches 2, from the same table. The writeback stage is not
/// in that table (documented for the 2-stage pipeline only); measured on its Verilator simple
/// system (`scripts/rtl-sim.sh maxperf`, loops of each pair 1,000 times): loads and stores 1
/// cycle, +1 when the next instruction reads the loaded register.
const IBEX_MAXPERF: Core =
    Core { name: "ibex-maxperf", mul: 1, mulh: 2, taken: 2, load: 1, store: 1, load_use: 1, ..IBEX_SMALL };

/// OpenHW CV32E40P, 4-stage, `docs/source/pipeline.rst` ("Instruction types and their cycle
/// counts"): ALU, `mul`, loads and stores 1, +1 when the next instruction uses a loaded
/// register, `mulh*` 5, division 3-35 (35 taken), taken branches 3, jumps 2 (+1 for a `jalr`
/// whose register the previous instruction wrote), CSR counters 4, FP add/mul/fma 1 +
/// FPU_ADDMUL_LAT (a parameter, 0 in the RTL's default) with a dependent next instruction
/// stalled for it, FP divide and square root up to 19.
const CV32E40P: Core = Core {
    name: "cv32e40p",
    fpu: true,
    alu: 1,
    load: 1,
    store: 1,
    mul: 1,
    mulh: 5,
    div: 35,
    branch: 1,
    taken: 3,
    jump: 2,
    system: 4,
    load_use: 1,
    jalr_dep: 1,
    misaligned: 1,
    fp_arith: 1,
    fp_latency: 0,
    fp_div: 19,
    fp_other: 1,
};

const CORES: [Core; 4] = [SPIKE, IBEX_SMALL, IBEX_MAXPERF, CV32E40P];
