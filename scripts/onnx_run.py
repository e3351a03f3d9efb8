#!/usr/bin/env python3
"""Runs an ONNX model in onnxruntime (the tests' independent check of `hynas export`).

    python3 scripts/onnx_run.py MODEL INPUT.f32 OUTPUT.f32 D0,D1,...

INPUT.f32 holds the input as raw little-endian float32 of shape D0,D1,...; the first output is
written to OUTPUT.f32 the same way, and its shape is printed on stdout. A batch larger than a
model's fixed batch of one runs row by row.
"""
import sys

import numpy as np
import onnxruntime as ort


def main():
    model, inp, out, dims = sys.argv[1:5]
    shape = [int(d) for d in dims.split(",")]
    x = np.fromfile(inp, dtype="<f4").reshape(shape)
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    if inp.shape and inp.shape[0] == 1 and shape[0] > 1:
        # A model with a fixed batch of one: the rows one after another.
        y = np.concatenate([sess.run(None, {inp.name: x[i : i + 1]})[0] for i in range(shape[0])])
    else:
        y = sess.run(None, {inp.name: x})[0]
    np.asarray(y, dtype="<f4").tofile(out)
    print(",".join(str(d) for d in y.shape))


if __name__ == "__main__":
    main()
