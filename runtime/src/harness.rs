//! The bare-metal harness, written in RISC-V assembly and assembled by LLVM's integrated
//! assembler (no C toolchain). `_start` sets the stack pointer, a trap handler (exit code
//! 128 + mcause) and `mstatus.FS`, paints the stack with 0xdeadbeef, reads the 64-bit
//! `minstret`/`mcycle` (with `minstreth`/`mcycleh`, read again when the high half moved) around
//! `<prefix>_run(input, output)`, scans the stack for its high-water mark, and sends a report to
//! the host through HTIF's device-0 syscall proxy (`SYS_write` to stdout): a 32-byte header
//! `HYNS, output values, instructions (lo, hi), cycles (lo, hi), stack_bytes, kernels`, the raw
//! outputs (one block per input), then per-kernel (instructions, cycles) pairs. Then it exits
//! with code 0.
//!
//! The same program runs on the Verilator simulation of Ibex's simple system
//! ([`Platform::IbexSimple`]): RAM at 0x100000, entry at +0x80, the report written as hex text
//! to the simulator's character device (0x20000, one line) and the halt register (0x20008)
//! instead of HTIF.

use std::fmt::Write;

pub const MAGIC: &[u8; 4] = b"HYNS";

/// Bytes of the report's header.
pub const HEADER_BYTES: usize = 32;

/// Where the program runs: the I/O, exit and memory map of the harness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Spike: RAM at 0x80000000, the report through HTIF.
    Spike,
    /// lowRISC Ibex's `examples/simple_system` (third_party/ibex): 1 MB of RAM at 0x100000, reset
    /// at +0x80, vectored traps (mtvec 256-byte aligned), a character device at 0x20000 and a
    /// halt register at 0x20008 (`simple_system_regs.h`).
    IbexSimple,
}

impl Platform {
    /// The RAM's start address.
    pub fn ram_origin(self) -> u64 {
        match self {
            Platform::Spike => 0x8000_0000,
            Platform::IbexSimple => 0x10_0000,
        }
    }

    /// The largest RAM the platform has (`None`: as much as asked for).
    pub fn ram_limit(self) -> Option<usize> {
        match self {
            Platform::Spike => None,
            Platform::IbexSimple => Some(1 << 20),
        }
    }

    /// The report writer (`a0` bytes at `a1`), the exit of the program and the trap handler.
    fn io(self) -> &'static str {
        match self {
            Platform::Spike => SPIKE_IO,
            Platform::IbexSimple => IBEX_IO,
        }
    }
}

/// HTIF: `SYS_write` to stdout through device 0's syscall proxy, exit through `tohost`.
const SPIKE_IO: &str = r#"
hynas_exit:
    la t0, tohost
    li t1, 1
    sw t1, 0(t0)
5:  j 5b

hynas_htif_write:
    la t0, hynas_magic
    li t1, 64
    sw t1, 0(t0)
    li t1, 1
    sw t1, 8(t0)
    sw a0, 16(t0)
    sw a1, 24(t0)
    fence
    la t2, tohost
6:  lw t1, 0(t2)
    bnez t1, 6b
    sw t0, 0(t2)
    la t3, fromhost
7:  lw t1, 0(t3)
    beqz t1, 7b
    sw zero, 0(t3)
    sw zero, 4(t3)
    ret

    .align 2
hynas_trap:
    csrr t1, mcause
    addi t1, t1, 128
    slli t1, t1, 1
    ori t1, t1, 1
    la t0, tohost
    sw t1, 0(t0)
8:  j 8b
"#;

/// Ibex's simple system: each byte as two hex digits to the character device, a newline at the
/// exit, then the halt register; a trap prints `TRAP <mcause>` and halts.
const IBEX_IO: &str = r#"
hynas_exit:
    li t0, 0x20000
    li t1, 10
    sw t1, 0(t0)
    li t1, 1
    sw t1, 8(t0)
5:  j 5b

hynas_htif_write:
    li t0, 0x20000
    la t3, hynas_hex
    add a1, a1, a0
6:  bgeu a0, a1, 7f
    lbu t1, 0(a0)
    srli t2, t1, 4
    add t2, t2, t3
    lbu t2, 0(t2)
    sw t2, 0(t0)
    andi t1, t1, 15
    add t1, t1, t3
    lbu t1, 0(t1)
    sw t1, 0(t0)
    addi a0, a0, 1
    j 6b
7:  ret

    .align 8
hynas_trap:
    li t0, 0x20000
    la a0, hynas_trap_text
9:  lbu t1, 0(a0)
    beqz t1, 10f
    sw t1, 0(t0)
    addi a0, a0, 1
    j 9b
10: csrr a0, mcause
    la t3, hynas_hex
    li t2, 28
11: srl t1, a0, t2
    andi t1, t1, 15
    add t1, t1, t3
    lbu t1, 0(t1)
    sw t1, 0(t0)
    addi t2, t2, -4
    bgez t2, 11b
    j hynas_exit

    .section .rodata
hynas_hex: .ascii "0123456789abcdef"
hynas_trap_text: .asciz "TRAP "
    .text
"#;

/// `inputs` holds the bytes of `n` inputs back to back (f32 or i8 values); the model runs on
/// each and the outputs (`output_len` values of `out_elem` bytes each per input) are sent together
/// (instructions and cycles cover all runs). Tests of the 64-bit counter reads:
/// `preset` sets both counters before the first read (a run that carries into the high halves);
/// `skip` adds skip x 2^32 to both counters after the runs (counts above 2^32 without running
/// 4.3G instructions).
#[allow(clippy::too_many_arguments)] // the harness's every knob, each a plain value
pub fn assembly(
    platform: Platform,
    prefix: &str,
    inputs: &[u8],
    n: usize,
    (output_len, out_elem): (usize, usize),
    kernels: usize,
    preset: Option<u64>,
    skip: u32,
) -> String {
    let skip = if skip > 0 {
        format!(
            "    li t1, {skip}\n    csrr t0, minstreth\n    add t0, t0, t1\n    csrw minstreth, t0\n    csrr t0, mcycleh\n    add t0, t0, t1\n    csrw mcycleh, t0\n"
        )
    } else {
        String::new()
    };
    let preset = match preset {
        Some(v) => format!(
            "    li t0, {lo}\n    li t1, {hi}\n    csrw minstret, t0\n    csrw minstreth, t1\n    csrw mcycle, t0\n    csrw mcycleh, t1\n",
            lo = v as u32 as i32,
            hi = (v >> 32) as u32 as i32
        ),
        None => String::new(),
    };
    let out_bytes = output_len * out_elem * n;
    let in_bytes = inputs.len() / n.max(1);
    let one_out = output_len * out_elem;
    let prof = if kernels > 0 {
        format!("    la a0, {prefix}_prof\n    li a1, {}\n    call hynas_htif_write\n", kernels * 8)
    } else {
        String::new()
    };
    let mut words = String::new();
    for chunk in inputs.chunks(32) {
        let w: Vec<String> = chunk.iter().map(|v| format!("0x{v:02x}")).collect();
        let _ = writeln!(words, "    .byte {}", w.join(", "));
    }
    format!(
        r#"
    .section .text.init,"ax",@progbits
    .globl _start
_start:
    la sp, __stack_top
    la t0, hynas_trap
    csrw mtvec, t0
    li t0, 0x6600
    csrs mstatus, t0
    la t0, __stack_bottom
    li t1, 0xdeadbeef
1:  bgeu t0, sp, 2f
    sw t1, 0(t0)
    addi t0, t0, 4
    j 1b
2:
{preset}10: csrr s6, minstreth
    csrr s0, minstret
    csrr t0, minstreth
    bne s6, t0, 10b
11: csrr s7, mcycleh
    csrr s1, mcycle
    csrr t0, mcycleh
    bne s7, t0, 11b
    la s3, hynas_input
    la s4, hynas_output
    li s5, {n}
9:  mv a0, s3
    mv a1, s4
    call {prefix}_run
    li t0, {in_bytes}
    add s3, s3, t0
    li t0, {one_out}
    add s4, s4, t0
    addi s5, s5, -1
    bnez s5, 9b
{skip}12: csrr t2, minstreth
    csrr t0, minstret
    csrr t3, minstreth
    bne t2, t3, 12b
13: csrr t4, mcycleh
    csrr t1, mcycle
    csrr t3, mcycleh
    bne t4, t3, 13b
    sltu t3, t0, s0
    sub s0, t0, s0
    sub s6, t2, s6
    sub s6, s6, t3
    sltu t3, t1, s1
    sub s1, t1, s1
    sub s7, t4, s7
    sub s7, s7, t3
    la t0, __stack_bottom
    la t3, __stack_top
    li t1, 0xdeadbeef
3:  bgeu t0, t3, 4f
    lw t2, 0(t0)
    bne t2, t1, 4f
    addi t0, t0, 4
    j 3b
4:  la t2, __stack_top
    sub s2, t2, t0
    la t0, hynas_report
    sw s0, 8(t0)
    sw s6, 12(t0)
    sw s1, 16(t0)
    sw s7, 20(t0)
    sw s2, 24(t0)
    la a0, hynas_report
    li a1, {HEADER_BYTES}
    call hynas_htif_write
    la a0, hynas_output
    li a1, {out_bytes}
    call hynas_htif_write
{prof}    j hynas_exit

    .text
{io}
    .section .tohost,"aw",@progbits
    .align 6
    .globl tohost
tohost: .dword 0
    .align 6
    .globl fromhost
fromhost: .dword 0

    .data
    .align 6
hynas_magic: .zero 64
    .align 4
hynas_report: .word 0x{magic:08x}, {total_out}, 0, 0, 0, 0, 0, {kernels}

    .bss
    .align 4
hynas_output: .zero {out_bytes_nz}

    .section .rodata
    .align 4
hynas_input:
{words}"#,
        magic = u32::from_le_bytes(*MAGIC),
        out_bytes_nz = out_bytes.max(4),
        total_out = output_len * n,
        io = platform.io(),
    )
}

/// The linker script: one RAM region at the platform's origin (Spike's default 0x80000000), the
/// entry at its reset address, stack at its top.
pub fn linker_script(platform: Platform, ram_bytes: usize, stack_bytes: usize) -> String {
    let (origin, entry) = match platform {
        Platform::Spike => (platform.ram_origin(), 0),
        Platform::IbexSimple => (platform.ram_origin(), 0x80),
    };
    format!(
        r#"OUTPUT_ARCH(riscv)
ENTRY(_start)
MEMORY {{ RAM (rwx) : ORIGIN = 0x{origin:x}, LENGTH = {ram_bytes} }}
SECTIONS {{
  . = ORIGIN(RAM) + {entry};
  .text.init : {{ *(.text.init) }} > RAM
  .text      : {{ *(.text .text.*) }} > RAM
  .rodata    : {{ *(.rodata .rodata.* .srodata .srodata.*) }} > RAM
  .data      : {{ *(.data .data.* .sdata .sdata.*) }} > RAM
  .bss (NOLOAD) : {{ *(.bss .bss.* .sbss .sbss.* COMMON) }} > RAM
  .tohost ALIGN(4096) : {{ *(.tohost) }} > RAM
  __stack_top = ORIGIN(RAM) + LENGTH(RAM);
  __stack_bottom = __stack_top - {stack_bytes};
}}
"#
    )
}
