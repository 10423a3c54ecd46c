#!/usr/bin/env python3
"""The CGES training step in PyTorch, as the reference speed for `npm run bench`.

One step is what the TypeScript trainer does on a batch of 100: forward, softmax cross-entropy,
backward, a plain SGD update, then the CGES proximal step (group prox, then the original code's
closed-form exclusive prox) on every conv and dense kernel. It follows docs/cges-algorithm.md, not
the TF.js code, so the comparison is "same computation" in each framework's natural layout.

Groups in PyTorch layout: TF's conv kernel [kh, kw, in, out] is PyTorch's [out, in, kh, kw] and TF's
dense [in, out] is PyTorch's [out, in]. A TF group is a vector over the last (output) axis at one
input position, so here it is always a vector along dim 0.

Prints one JSON object on stdout: samples/s, step and prox times per network.
"""
import argparse
import json
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    print(json.dumps({"available": False, "reason": "PyTorch was not found by this interpreter"}))
    sys.exit(0)

BATCH = 100
LEARNING_RATE = 0.05
LAMBDA = 6e-5
MU = 0.8
# The original code's per-layer multipliers for its MNIST network; other networks use 1.
SEED_MNIST_SCALES = {"gscale": [1, 1, 1 / 15, 1 / 144], "escale": [1, 0.5, 15, 144]}


def seed_mnist() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(3136, 1024), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(1024, 10),
    )


def lenet5() -> nn.Module:
    # As in Caffe's example (and our TF.js model) the conv layers have no activation.
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(800, 500), nn.ReLU(),
        nn.Linear(500, 10),
    )


def lenet_300_100() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 300), nn.ReLU(),
        nn.Linear(300, 100), nn.ReLU(),
        nn.Linear(100, 10),
    )


class Residual(nn.Module):
    """A basic residual block as src/models/layer_blocks.ts builds it: conv-BN-ReLU-conv-BN plus the shortcut
    (a 1x1 conv and BN when strided or widening), then ReLU."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
        )
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


class InvertedResidual(nn.Module):
    """MobileNetV2's block as src/models/layer_blocks.ts builds it: 1x1 expansion, BN, ReLU6, depthwise 3x3,
    BN, ReLU6, 1x1 projection, BN, and the residual add when shapes allow."""

    def __init__(self, cin: int, expand: int, cout: int, stride: int):
        super().__init__()
        hidden = cin * expand
        self.residual = stride == 1 and cin == cout
        self.body = nn.Sequential(
            nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(),
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(),
            nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout),
        )

    def forward(self, x):
        y = self.body(x)
        return y + x if self.residual else y


def resnet() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        Residual(16, 16, 1), Residual(16, 32, 2), Residual(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
    )


def mobilenet() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU6(),
        InvertedResidual(16, 4, 16, 1), InvertedResidual(16, 4, 24, 2), InvertedResidual(24, 4, 24, 1),
        InvertedResidual(24, 4, 32, 2), InvertedResidual(32, 4, 32, 1),
        nn.Conv2d(32, 64, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU6(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
    )


NETWORKS = {"seed-mnist": seed_mnist, "lenet5": lenet5, "lenet-300-100": lenet_300_100,
            "resnet": resnet, "mobilenet": mobilenet}
# Networks whose step is plain SGD, no prox: the TypeScript bench trains them without a regulariser.
PLAIN_STEP = {"resnet", "mobilenet"}


def init_like_seed(model: nn.Module) -> None:
    """Truncated normal (std 0.1) kernels and 0.1 biases, as the original code initialises."""
    for layer in model.modules():
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.trunc_normal_(layer.weight, std=0.1, a=-0.2, b=0.2)
            if layer.bias is not None:
                nn.init.constant_(layer.bias, 0.1)


def kernels(model: nn.Module) -> list:
    return [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def layer_coefficients(name: str, num_layers: int) -> list:
    """cG_l = (mu - l*chvar) * gscale_l and cE_l = ((1 - mu) + l*chvar) * escale_l."""
    if num_layers == 0:
        return []
    chvar = (2 * MU - 1) / (num_layers - 1) if num_layers > 1 else 0.0
    scales = SEED_MNIST_SCALES if name == "seed-mnist" else {"gscale": [1] * num_layers, "escale": [1] * num_layers}
    return [
        ((MU - l * chvar) * scales["gscale"][l], ((1 - MU) + l * chvar) * scales["escale"][l])
        for l in range(num_layers)
    ]


@torch.no_grad()
def cges_prox(weights: list, coefficients: list, eta: float) -> None:
    """Group prox then seed-form exclusive prox, in place; a group is a vector along dim 0."""
    for w, (c_group, c_exclusive) in zip(weights, coefficients):
        t_group = eta * LAMBDA * c_group
        t_exclusive = eta * LAMBDA * c_exclusive
        norm = torch.linalg.vector_norm(w, dim=0, keepdim=True)
        # An all-zero group stays zero: clamp the divisor instead of dividing by 0 (NaN).
        shrink = torch.clamp(1 - t_group / torch.clamp(norm, min=torch.finfo(w.dtype).tiny), min=0)
        w.mul_(shrink)
        l1 = w.abs().sum(dim=0, keepdim=True)
        w.copy_(torch.sign(w) * torch.clamp(w.abs() - t_exclusive * l1, min=0))


def make_step(name: str):
    torch.manual_seed(0)
    model = NETWORKS[name]()
    init_like_seed(model)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    weights = [] if name in PLAIN_STEP else kernels(model)
    coefficients = layer_coefficients(name, len(weights))
    xs = torch.rand(BATCH, 1, 28, 28)
    labels = torch.randint(0, 10, (BATCH,))

    def step() -> float:
        optimizer.zero_grad(set_to_none=True)
        logits = model(xs)
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        optimizer.step()
        cges_prox(weights, coefficients, LEARNING_RATE)
        # Read the loss and accuracy back, as the TypeScript step does.
        accuracy = (logits.argmax(dim=1) == labels).float().mean()
        return loss.item() + 0 * accuracy.item()

    def prox() -> None:
        cges_prox(weights, coefficients, LEARNING_RATE)

    return step, prox


def median_ms(fn, warmup: int, repeats: int, inner: int) -> float:
    """Median over repeats of the mean time of `inner` calls, in milliseconds (monotonic clock)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - start) * 1000 / inner)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", default=",".join(NETWORKS), help="comma-separated network names")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=4, help="steps per timed repeat")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    results = {}
    for name in args.networks.split(","):
        if name not in NETWORKS:
            parser.error(f"unknown network {name!r}; valid: {', '.join(NETWORKS)}")
        step, prox = make_step(name)
        step_ms = median_ms(step, args.warmup, args.repeats, args.steps)
        prox_ms = median_ms(prox, 3, args.repeats, args.steps * 5)
        results[name] = {
            "samples_per_s": BATCH * 1000 / step_ms,
            "step_ms": step_ms,
            "prox_ms": prox_ms,
            "prox_share": prox_ms / step_ms,
        }
    print(json.dumps({
        "available": True,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "networks": results,
    }))


if __name__ == "__main__":
    main()
