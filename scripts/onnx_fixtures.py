#!/usr/bin/env python3
"""Writes the ONNX fixtures of tests/onnx.rs: models hynas did not write.

Five PyTorch modules, seeded, with randomised BatchNorm statistics, exported by torch.onnx.export
(TorchScript exporter, opset 17): MLPerf Tiny's ResNet-8 and two small hybrid CNN + attention
networks written here by hand (hybrid_a, hybrid_b: ReLU6, hardtanh, dropout, padded average
pooling), and two conv_vit genomes of the search space (genome_a, genome_b: <name>.json) as the
PyTorch module of scripts/bench_pytorch.py, built from the genome's training program
(<name>.program.json, written by `hynas inspect <name>.json --training-program`). hybrid_b and
genome_b are exported without constant folding, so their files keep BatchNormalization nodes and
the exporter's shape arithmetic (Constant, Unsqueeze, Concat feeding Reshape). For each model,
onnxruntime's outputs on two fixed inputs are stored next to it (<name>.io.json for the genomes,
<name>.json for the others: inputs and outputs, float32 values as JSON numbers).

Run with a Python that has torch, onnx and onnxruntime, e.g. the torch venv of
`bash scripts/setup.sh --torch` after `pip install onnx onnxruntime`:

    ~/.cache/hynas/torch-2.13.0/bin/python scripts/onnx_fixtures.py tests/fixtures/onnx
"""
import json
import os
import sys

import numpy as np
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, k, s=1, groups=1, act=nn.ReLU):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, s, (k - 1) // 2, groups=groups, bias=False), nn.BatchNorm2d(cout), act()
    )


class Block(nn.Module):
    """ResNet-8's residual block (MLPerf Tiny)."""

    def __init__(self, cin, cout, s):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, s, 1)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = nn.Conv2d(cin, cout, 1, s) if s != 1 or cin != cout else None

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        r = x if self.short is None else self.short(x)
        return F.relu(y + r)


class ResNet8(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 16, 3)
        self.s1 = Block(16, 16, 1)
        self.s2 = Block(16, 32, 2)
        self.s3 = Block(32, 64, 2)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.s3(self.s2(self.s1(self.stem(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class Attention(nn.Module):
    """HANNAH's attention2d: 1x1 q, k, v; every position a token; out = v @ softmax(q^T k)."""

    def __init__(self, c, heads, d):
        super().__init__()
        self.h, self.d = heads, d
        self.q = nn.Conv2d(c, heads * d, 1, bias=False)
        self.k = nn.Conv2d(c, heads * d, 1, bias=False)
        self.v = nn.Conv2d(c, heads * d, 1, bias=False)
        self.proj = nn.Conv2d(heads * d, c, 1)

    def forward(self, x):
        b, _, hh, ww = x.shape
        q = self.q(x).reshape(b, self.h, self.d, hh * ww) * (self.d ** -0.5)
        k = self.k(x).reshape(b, self.h, self.d, hh * ww)
        v = self.v(x).reshape(b, self.h, self.d, hh * ww)
        a = torch.softmax(q.transpose(-2, -1) @ k, dim=-1)
        o = (v @ a).reshape(b, self.h * self.d, hh, ww)
        return x + self.proj(o)


class HybridA(nn.Module):
    """Conv stem, a strided block, max pooling, attention on 8x8, a classifier."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 16, 3)
        self.b1 = conv_bn(16, 24, 5, s=2)
        self.att = Attention(24, 2, 8)
        self.fc = nn.Linear(24, 10)

    def forward(self, x):
        x = F.max_pool2d(self.b1(self.stem(x)), 2)
        x = self.att(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class HybridB(nn.Module):
    """Depthwise-separable convs (ReLU6 after the depthwise one), average pooling with padding,
    Pool-ViT style attention on pooled tokens, a scaled residual clipped to [-2, 2] (hardtanh),
    dropout."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 16, 3, s=2)
        self.dw = conv_bn(16, 16, 3, groups=16, act=nn.ReLU6)
        self.pw = conv_bn(16, 32, 1)
        self.att = Attention(32, 4, 4)
        self.drop = nn.Dropout(0.1)
        self.fc = nn.Linear(32 * 4 * 4, 10)

    def forward(self, x):
        x = self.pw(self.dw(self.stem(x)))
        x = F.avg_pool2d(x, 3, 2, 1)
        x = F.hardtanh(0.5 * x + self.att(x), -2.0, 2.0)
        x = F.max_pool2d(x, 2)
        return self.fc(self.drop(torch.flatten(x, 1)))


def randomise_bn(m, g):
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            n = mod.num_features
            mod.running_mean.copy_(torch.randn(n, generator=g) * 0.2)
            mod.running_var.copy_(torch.rand(n, generator=g) + 0.5)
            mod.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
            mod.bias.data.copy_(torch.randn(n, generator=g) * 0.1)


def genome_module(out, name):
    """The PyTorch module of a conv_vit genome (scripts/bench_pytorch.py's Net)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_pytorch import Net

    with open(os.path.join(out, name + ".program.json")) as f:
        prog = json.load(f)
    return lambda: Net(prog)


def main(out):
    os.makedirs(out, exist_ok=True)
    models = [("resnet8", ResNet8, True), ("hybrid_a", HybridA, True), ("hybrid_b", HybridB, False),
              ("genome_a", genome_module(out, "genome_a"), True), ("genome_b", genome_module(out, "genome_b"), False)]
    for i, (name, cls, fold) in enumerate(models):
        torch.manual_seed(100 + i)
        g = torch.Generator().manual_seed(200 + i)
        m = cls()
        randomise_bn(m, g)
        m.eval()
        x = torch.rand(1, 3, 32, 32, generator=g) * 2 - 1
        path = os.path.join(out, name + ".onnx")
        torch.onnx.export(
            m, (x,), path, opset_version=17, dynamo=False, do_constant_folding=fold,
            input_names=["input"], output_names=["logits"],
        )
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        inputs, outputs = [], []
        for k in range(2):
            xi = (torch.rand(1, 3, 32, 32, generator=g) * 2 - 1).numpy().astype(np.float32)
            y = sess.run(None, {"input": xi})[0]
            with torch.no_grad():
                yt = m(torch.from_numpy(xi)).numpy()
            assert np.abs(y - yt).max() < 1e-4, (name, np.abs(y - yt).max())
            inputs.append([float(v) for v in xi.ravel()])
            outputs.append([float(v) for v in y.ravel()])
        io = name + (".io.json" if name.startswith("genome") else ".json")
        with open(os.path.join(out, io), "w") as f:
            json.dump({"model": name + ".onnx", "input_shape": [1, 3, 32, 32], "inputs": inputs, "outputs": outputs,
                       "producer": "torch " + torch.__version__ + ", onnxruntime " + ort.__version__}, f)
        params = sum(p.numel() for p in m.parameters())
        print(f"{path}: {os.path.getsize(path)} bytes, {params} parameters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/onnx")
