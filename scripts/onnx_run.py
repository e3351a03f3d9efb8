#!/usr/bin/env python3
"""Runs an ONNX model in onnxruntime (the tests' independent check of `hynas export`).

    python3 scripts/onnx_run.py MODEL INPUT.f32 OUTPUT.f32 D0,D1,...

INPUT.f32 holds the input as raw little-endian float32 of shape D0,D1,...; the first output is
written to OUTPUT.f32 the same way, and its shape is printed on stdout.
"""
import sys

import numpy as np
import onnxruntime as ort


def main():
    model, inp, out, dims = sys.argv[1:5]
    shape = [int(d) for d in dims.split(",")]
    x = np.fromfile(inp, dtype="<f4").reshape(shape)
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    y = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    np.asarray(y, dtype="<f4").tofile(out)
    print(",".join(str(d) for d in y.shape))


if __name__ == "__main__":
    main()
