"""Training images/s of a CNN Analyzer layer graph (IR JSON) in PyTorch on the CPU: the peer of `npm run bench`'s
training figures. Builds the network from the IR (NHWC IR, NCHW PyTorch; TensorFlow's asymmetric 'same' padding),
trains on random data with SGD and cross-entropy, prints one JSON line.

usage: python3 torch-train-bench.py GRAPH.json BATCH STEPS THREADS
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pad(size, k, s):
    total = max((math.ceil(size / s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class Net(nn.Module):
    def __init__(self, graph):
        super().__init__()
        self.graph = graph
        self.mods = nn.ModuleDict()
        shape = {t: spec["shape"] for t, spec in graph["tensors"].items()}
        for i, node in enumerate(graph["nodes"]):
            op, a, key = node["op"], node["attrs"], str(i)
            cin = shape[node["inputs"][0]][-1]
            if op == "conv2d":
                self.mods[key] = nn.Conv2d(cin, a["filters"], a["kernelSize"], a["strides"], groups=a["groups"], bias=a["useBias"])
            elif op == "depthwiseConv2d":
                self.mods[key] = nn.Conv2d(cin, cin * a["depthMultiplier"], a["kernelSize"], a["strides"], groups=cin, bias=a["useBias"])
            elif op == "batchNorm":
                self.mods[key] = nn.BatchNorm2d(cin, eps=a["epsilon"], momentum=0.01)
            elif op == "dense":
                self.mods[key] = nn.Linear(cin, a["units"], bias=a["useBias"])
            elif op not in ("relu", "relu6", "averagePool", "maxPool", "globalAveragePool", "flatten", "softmax", "dropout", "add"):
                raise SystemExit(f"torch bench: op {op} of layer {node['name']} is not supported")
        self.shape = shape

    def forward(self, x):
        values = {self.graph["inputs"][0]: x}
        for i, node in enumerate(self.graph["nodes"]):
            op, a, key = node["op"], node["attrs"], str(i)
            xs = [values[t] for t in node["inputs"]]
            x = xs[0]
            if op in ("conv2d", "depthwiseConv2d", "averagePool", "maxPool"):
                k = a.get("kernelSize", a.get("poolSize"))
                s = a["strides"]
                if a["padding"] == "same":
                    top, bottom = same_pad(x.shape[2], k[0], s[0])
                    left, right = same_pad(x.shape[3], k[1], s[1])
                    x = F.pad(x, (left, right, top, bottom))
                if op == "averagePool":
                    y = F.avg_pool2d(x, k, s)
                elif op == "maxPool":
                    y = F.max_pool2d(x, k, s)
                else:
                    y = self.mods[key](x)
            elif op in ("batchNorm", "dense"):
                y = self.mods[key](x)
            elif op == "relu":
                y = F.relu(x)
            elif op == "relu6":
                y = F.relu6(x)
            elif op == "globalAveragePool":
                y = x.mean((2, 3), keepdim=a.get("keepDims", False))
            elif op == "flatten":
                y = x.permute(0, 2, 3, 1).flatten(1) if x.dim() == 4 else x
            elif op == "add":
                y = xs[0] + xs[1]
            else:  # softmax is folded into the loss; dropout is the identity here
                y = x
            for t in node["outputs"]:
                values[t] = y
        return values[self.graph["outputs"][0]]


def main():
    graph_file, batch, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    graph = json.load(open(graph_file))
    net = Net(graph)
    h, w, c = graph["tensors"][graph["inputs"][0]]["shape"]
    classes = graph["tensors"][graph["outputs"][0]]["shape"][-1]
    x = torch.rand(batch, c, h, w)
    y = torch.randint(0, classes, (batch,))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    print(json.dumps({"imagesPerSecond": batch * steps / seconds, "cpuImagesPerSecond": batch * steps / cpu_seconds, "threads": threads, "torch": torch.__version__}))


main()
