#!/usr/bin/env python3
"""PyTorch reference for hynas's training backends (tests/backends.rs).

Reads a JSON case: a hynas training program (`hynas inspect G --training-program` form), every
layer's values in the IR's operand order (conv: weight, bias?; batch norm: gamma, beta, running
mean, running var; linear: weight [out, in], bias?), a batch (x flat [n, 3, 32, 32], labels y),
optionally teacher logits with alpha and temperature (knowledge distillation). Builds the network
with the module of bench_pytorch.py (the same program walk), in training mode, and prints JSON:
  {"loss": L, "grads": [[layer params' gradients]]}
The loss is cross-entropy, or with a teacher
  (1 - alpha) * CE + alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) (batch mean).

    python train_reference.py case.json > out.json
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_pytorch import Net  # noqa: E402


def layer_tensors(layer):
    if isinstance(layer, torch.nn.BatchNorm2d):
        return [layer.weight, layer.bias, layer.running_mean, layer.running_var]
    return [layer.weight] + ([layer.bias] if layer.bias is not None else [])


def trained(layer):
    if isinstance(layer, torch.nn.BatchNorm2d):
        return [layer.weight, layer.bias]
    return [layer.weight] + ([layer.bias] if layer.bias is not None else [])


def loss_of(net, case, x, y):
    logits = net(x)
    ce = F.cross_entropy(logits, y)
    if case.get("teacher") is None:
        return ce
    t = float(case["temperature"])
    a = float(case["alpha"])
    teacher = torch.tensor(case["teacher"], dtype=torch.float32).reshape(logits.shape)
    kl = F.kl_div(F.log_softmax(logits / t, dim=-1), F.log_softmax(teacher / t, dim=-1),
                  reduction="batchmean", log_target=True)
    return (1 - a) * ce + a * t * t * kl


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    net = Net(case["program"])
    with torch.no_grad():
        for layer, values in zip(net.layers, case["values"]):
            for t, v in zip(layer_tensors(layer), values):
                t.copy_(torch.tensor(v, dtype=torch.float32).reshape(t.shape))
    net.train()
    n = case["n"]
    x = torch.tensor(case["x"], dtype=torch.float32).reshape(n, 3, 32, 32)
    y = torch.tensor(case["y"], dtype=torch.int64)
    loss = loss_of(net, case, x, y)
    loss.backward()
    grads = [[p.grad.reshape(-1).tolist() for p in trained(layer)] for layer in net.layers]
    out = {"loss": float(loss), "grads": grads}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
