//! The bare-metal harness, written in RISC-V assembly and assembled by LLVM's integrated
//! assembler (no C toolchain). `_start` sets the stack pointer, a trap handler (exit code
//! 128 + mcause) and `mstatus.FS`, paints the stack with 0xdeadbeef, reads `minstret`/`mcycle`
//! around `<prefix>_run(input, output)`, scans the stack for its high-water mark, and sends a
//! report to the host through HTIF's device-0 syscall proxy (`SYS_write` to stdout):
//! a 24-byte header `HYNS, output values, instructions, cycles, stack_bytes, kernels`, the raw
//! f32 outputs (one block per input), then per-kernel (instructions, cycles) pairs. Then it exits with code 0.

use std::fmt::Write;

pub const MAGIC: &[u8; 4] = b"HYNS";

/// `inputs` holds `n` inputs back to back; the model runs on each and the outputs are sent
/// together (instructions and cycles cover all runs).
pub fn assembly(prefix: &str, inputs: &[f32], n: usize, output_len: usize, kernels: usize) -> String {
    let out_bytes = output_len * 4 * n;
    let in_bytes = inputs.len() * 4 / n.max(1);
    let one_out = output_len * 4;
    let prof = if kernels > 0 {
        format!("    la a0, {prefix}_prof\n    li a1, {}\n    call hynas_htif_write\n", kernels * 8)
    } else {
        String::new()
    };
    let mut words = String::new();
    for chunk in inputs.chunks(8) {
        let w: Vec<String> = chunk.iter().map(|v| format!("0x{:08x}", v.to_bits())).collect();
        let _ = writeln!(words, "    .word {}", w.join(", "));
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
2:  csrr s0, minstret
    csrr s1, mcycle
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
    csrr t0, minstret
    csrr t1, mcycle
    sub s0, t0, s0
    sub s1, t1, s1
    la t0, __stack_bottom
    li t1, 0xdeadbeef
3:  lw t2, 0(t0)
    bne t2, t1, 4f
    addi t0, t0, 4
    j 3b
4:  la t2, __stack_top
    sub s2, t2, t0
    la t0, hynas_report
    sw s0, 8(t0)
    sw s1, 12(t0)
    sw s2, 16(t0)
    la a0, hynas_report
    li a1, 24
    call hynas_htif_write
    la a0, hynas_output
    li a1, {out_bytes}
    call hynas_htif_write
{prof}    la t0, tohost
    li t1, 1
    sw t1, 0(t0)
5:  j 5b

    .text
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
hynas_report: .word 0x{magic:08x}, {total_out}, 0, 0, 0, {kernels}

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
    )
}

/// The linker script: one RAM region at 0x80000000 (Spike's default), stack at its top.
pub fn linker_script(ram_bytes: usize, stack_bytes: usize) -> String {
    format!(
        r#"OUTPUT_ARCH(riscv)
ENTRY(_start)
MEMORY {{ RAM (rwx) : ORIGIN = 0x80000000, LENGTH = {ram_bytes} }}
SECTIONS {{
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
