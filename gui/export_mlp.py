"""Export the Neural Network lab's experiment as code (gui/export_code.py writes the files):
a program in the seed tutorial's style (section 1.3: `class Fashion(nn.Module)`, a
`for x, y in ...` training loop, `print(f'epoch:{epoch} train_loss:... test_acc:...')`),
in numpy and torch, that trains the lab's network again on Fashion-MNIST read from where
the experiment's data is (the four IDX files, or the app's bundled subset), and prints as
its last line one JSON object with the keys of `main.py train-mlp --json`.

The numbers are core.mlp's: the program builds the network, shuffles and scores with the
same torch calls in the same order (seeded initialisation, a seeded torch.Generator for
the shuffle, chunks of 2000 test images, the losses summed as core sums them), so on the
CPU it prints what `train-mlp --experiment` prints for the same file, bit for bit
(tests/test_export_mlp.py). Where core differs from the seed (accuracy over the whole test
set rather than the mean of per-batch accuracies, the batch accuracy as torch computes it)
a comment says so. A run the lab stopped (or paused) is stopped after the same batch.

Not reproduced: after a divergence (a NaN loss) core goes back to the last finite weights
and scores them; the program stops at the NaN and says so.

Qt-free: the CLI's export command and the window both reach it through export_code.
"""

from __future__ import annotations

from typing import Any

from gui.export_code import Section, _num

_DATA_NAMES = {
    "bundled": "the app's bundled subset (10,000 training and 2,000 test images of Fashion-MNIST)",
    "folder": "Fashion-MNIST's four IDX files in a folder chosen in the lab",
    "env": "Fashion-MNIST's four IDX files in the folder FASHION_MNIST_DIR named",
    "downloaded": "Fashion-MNIST as the app downloaded it (torchvision's files)",
    "torchvision": "Fashion-MNIST where the seed's torchvision call puts it",
    "debian": "Fashion-MNIST as Debian's dataset-fashion-mnist installs it",
}

_IMPORTS = """import gzip
import json
import math
import os
import struct
import time

import numpy as np
import torch
from torch import nn, optim

try:  # the plots need matplotlib; without it the program trains and prints the same numbers
    from matplotlib import pyplot as plt
except ImportError:
    plt = None
"""

_READ_IDX = '''FILES = {
    "train_images": "train-images-idx3-ubyte", "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte", "test_labels": "t10k-labels-idx1-ubyte",
}


def find_file(stem):
    """The file `stem` in DATA_DIR, gzipped or not (also with torchvision's dotted names)."""
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        path = os.path.join(DATA_DIR, name)
        if os.path.isfile(path):
            return path
    raise SystemExit(f"Fashion-MNIST is not where the experiment read it: {stem} is missing in {DATA_DIR}. "
                     "Put the four IDX files there (torchvision.datasets.FashionMNIST(root, download=True) "
                     "downloads them), or set DATA_DIR to the folder that holds them.")


def read_idx(path):
    """An IDX file (MNIST's format): a magic number, one big-endian size per dimension, the bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\\x1f\\x8b":  # gzip
        data = gzip.decompress(data)
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy()  # writable, for torch


train_x = read_idx(find_file(FILES["train_images"]))  # (60000, 28, 28) uint8
train_y = read_idx(find_file(FILES["train_labels"])).astype(np.int64)
test_x = read_idx(find_file(FILES["test_images"]))
test_y = read_idx(find_file(FILES["test_labels"])).astype(np.int64)
'''

_READ_BUNDLED = '''if not os.path.isfile(DATA_FILE):
    raise SystemExit(f"The app's bundled Fashion-MNIST subset is not at {DATA_FILE}, where the experiment read "
                     "it. Set DATA_FILE to resources/fashion/subset.npz of an installed ML Basics Lab.")
with np.load(DATA_FILE, allow_pickle=False) as subset:
    train_x, test_x = subset["train_x"], subset["test_x"]  # (n, 28, 28) uint8
    train_y, test_y = subset["train_y"].astype(np.int64), subset["test_y"].astype(np.int64)
'''


def mlp_sections(state: Any, name: str, notebook: bool) -> tuple[str, str, list[Section], dict[str, bytes]]:
    """The program for an MLPState: (title, intro, sections, side files)."""
    from core.fashion import locate_source
    from gui.paths import downloads_dir

    source, location, fell_back = locate_source(state.source, state.folder, downloads_dir())
    cfg = state.run_config()
    hidden = list(cfg["hidden"])
    activation = cfg["activation"]
    stop = state.epochs_done if state.stop_after(1) is not None else None
    title = "A neural network on Fashion-MNIST"
    intro = (
        "Exported from ML Basics Lab (Neural Network lab). It trains the lab's network again as the seed\n"
        "tutorial (section 1.3) writes it: hidden layers H = g(X·W1 + b1), the output Y = H·W2 + b2, the\n"
        "softmax S_i = e^(z_i − max z) / Σ_j e^(z_j − max z) and the cross-entropy J = −1/m·Σ ln p_k, each\n"
        "step θ := θ − α·∂J/∂θ with ∂J/∂θ found by backpropagation. It needs numpy and torch; it draws\n"
        "with matplotlib when matplotlib is installed. The last line it prints is one JSON object with\n"
        "the keys of `main.py train-mlp --json`."
    )
    # ---- data
    what = _DATA_NAMES.get(source, source)
    moved = (f" The experiment named {_DATA_NAMES.get(state.source, state.source)}"
             f"{' in ' + state.folder if state.folder and state.source == 'folder' else ''}, which was not on "
             "this computer when the program was written: it reads the data the lab would use instead."
             if fell_back else "")
    data_md = (f"Data: {what}, read from `{location}`, where the experiment read it.{moved} Each image is "
               "28×28 grey pixels, turned into a row of 784 numbers in [0, 1]"
               + (", then normalised as the seed's online variant, (x − 0.485)/0.229." if cfg["normalize"] else ".")
               + " A missing file stops the program with a message saying where it looked.")
    if source == "bundled":
        data_code = (f"# {what}\n"
                     f"DATA_FILE = {location!r}  # the app's bundled subset, where the experiment read it\n"
                     + _READ_BUNDLED)
    else:
        data_code = (f"# {what}\n"
                     f"DATA_DIR = {location!r}  # where the experiment read it\n\n"
                     + _READ_IDX)
    data_code += (
        f"source, location = {source!r}, {location!r}\n"
        "\n\n"
        "def to_tensors(images, labels):\n"
        "    \"\"\"uint8 images → float32 rows of 784 in [0, 1] (the seed's transforms.ToTensor()), and the labels.\"\"\"\n"
        "    x = torch.from_numpy(np.ascontiguousarray(images)).reshape(len(images), -1).float().div_(255.0)\n"
        + ("    x.sub_(0.485).div_(0.229)  # the seed's transforms.Normalize(mean=[0.485], std=[0.229])\n"
           if cfg["normalize"] else "")
        + "    return x, torch.from_numpy(np.asarray(labels, dtype=np.int64))\n"
        "\n\n"
        "X_train, Y_train = to_tensors(train_x, train_y)\n"
        "X_test, Y_test = to_tensors(test_x, test_y)\n"
        "print(f'{len(X_train)} training and {len(X_test)} test images from {location}')\n"
    )
    # ---- model
    act = {"relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()"}[activation]
    act_formula = {"relu": "ReLU(z) = max(0, z)", "sigmoid": "Sigmoid(z) = 1/(1 + e^(−z))",
                   "tanh": "Tanh(z) = (e^z − e^(−z))/(e^z + e^(−z))"}[activation]
    widths = [784, *hidden]
    layer_lines = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layer_lines.append(f"            nn.Linear({a}, {b}),  # H{i + 1} = {'X' if i == 0 else f'A{i}'}·W{i + 1} + b{i + 1}")
        layer_lines.append(f"            {act},  # A{i + 1} = g(H{i + 1}), g = {activation}")
    layer_lines.append(f"            nn.Linear({widths[-1]}, 10),  # Y = A{len(hidden)}·W{len(hidden) + 1} + "
                       f"b{len(hidden) + 1}: one score z per class")
    seed = cfg["seed"]
    shape = " → ".join(str(w) for w in [*widths, 10])
    model_md = (
        f"The network (seed 1.3), {shape}: each hidden layer is h linear regressions at once,\n\n"
        "$$H_{(1 \\times h)}=X_{(1 \\times x)} \\cdot W_{1(x \\times h)} + b_{1(1 \\times h)}$$\n\n"
        f"followed by the activation g, here {act_formula}; the output layer gives a score per class,\n\n"
        "$$Y = H \\cdot W_2+b_2$$\n\n"
        "and the softmax turns the scores into probabilities (computed without overflow),\n\n"
        "$$S_i=\\frac{e^{z_i-max(z)}}{\\sum _{j=1}^y e^{z_j-max(z)}}$$\n\n"
        "The cost is the cross-entropy of the true class k, which `nn.CrossEntropyLoss` computes from the "
        "scores (softmax and log together):\n\n"
        "$$J(\\theta) = -\\frac{1}{m} \\sum^m_{i=1} ln\\, p_k^i$$"
        + (f"\n\nThe weights start from torch's default initialisation, seeded with {seed} as the lab seeds it."
           if seed is not None else
           "\n\nThe lab's run was not replicable (no seed): the weights start from a random initialisation, "
           "so the numbers differ from run to run.")
    )
    model_code = (
        "class Fashion(nn.Module):\n"
        f"    \"\"\"The seed's network: {shape}, {activation}.\"\"\"\n"
        "\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.net = nn.Sequential(\n"
        + "\n".join(layer_lines) + "\n"
        "        )\n"
        "\n"
        "    def forward(self, x):\n"
        "        x = x.view(x.shape[0], -1)\n"
        "        return self.net(x)\n"
        "\n\n"
        + (f"SEED = {seed}\n"
           "torch.manual_seed(SEED)  # the same initial weights as the lab's run\n" if seed is not None else
           "SEED = None  # the lab's run was not replicable: random initial weights\n")
        + "net = Fashion()\n"
        "criterion = nn.CrossEntropyLoss()  # J = −1/m·Σ ln p_k, the softmax S_i = e^(z_i − max z)/Σ e^(z_j − max z) inside\n"
    )
    # ---- training
    opt = cfg["optimizer"]
    lr = _num(cfg["lr"])
    if opt == "adam":
        opt_code = f"optimizer = optim.Adam(net.parameters(), lr={lr})  # Adam: steps scaled by running moments of ∂J/∂θ\n"
        opt_md = ("Adam: each step uses running averages of the gradient and of its square, "
                  "θ := θ − α·m̂/(√v̂ + ε).")
    elif opt == "momentum":
        opt_code = (f"optimizer = optim.SGD(net.parameters(), lr={lr}, momentum=0.9)  "
                    "# v := 0.9·v + ∂J/∂θ, θ := θ − α·v\n")
        opt_md = "Gradient descent with momentum 0.9: v := 0.9·v + ∂J/∂θ, θ := θ − α·v."
    else:
        opt_code = f"optimizer = optim.SGD(net.parameters(), lr={lr}, momentum=0.0)  # θ := θ − α·∂J/∂θ, the seed's\n"
        opt_md = "Mini-batch gradient descent, the seed's `optim.SGD`: θ := θ − α·∂J/∂θ."
    stop_md = (f"\n\nThe lab's run was stopped (or paused) after {_num(stop)} epochs of training, and its model "
               "saved there: the program stops after the same batch and scores the weights it has."
               if stop is not None else "")
    train_md = (
        f"{opt_md} Learning rate α = {lr}, batches of {cfg['batch_size']} images shuffled anew each epoch, "
        f"{cfg['epochs']} epochs. The gradients come from backpropagation (the seed's chain rule: "
        "∂L/∂z_k = p_k − 1 for the true class, ∂L/∂z_i = p_i for the others, then layer by layer back), "
        "which `loss.backward()` computes.\n\n"
        "As the lab counts them: train_loss and train_acc are the means over the epoch's batches; test_acc is "
        "the share of all test images classified right (the seed averaged per-batch accuracies, which differs "
        "when the last batch is smaller) and test_loss the mean cross-entropy over them."
        + stop_md
    )
    train_code = (
        f"EPOCHS, BATCH_SIZE = {cfg['epochs']}, {cfg['batch_size']}\n"
        + opt_code
        + (f"EPOCHS_DONE = {_num(stop)}  # the lab's run was stopped here: stop after the same batch\n"
           if stop is not None else "EPOCHS_DONE = None  # the whole run\n")
        + "\n\n"
        "@torch.no_grad()\n"
        "def evaluate(x, y, chunk=2000):\n"
        "    \"\"\"Mean cross-entropy and accuracy on a whole set, scored 2000 images at a time.\"\"\"\n"
        "    net.eval()\n"
        "    total, correct = 0.0, 0\n"
        "    for i in range(0, len(x), chunk):\n"
        "        out = net(x[i:i + chunk])\n"
        "        total += float(nn.functional.cross_entropy(out, y[i:i + chunk], reduction='sum'))\n"
        "        correct += int((out.argmax(dim=1) == y[i:i + chunk]).sum())\n"
        "    net.train()\n"
        "    return total / max(len(x), 1), correct / max(len(x), 1)\n"
        "\n\n"
        "def learning_verdict(test_acc, test_loss, first_loss, max_loss, steps):\n"
        "    \"\"\"'' while the network learns; else why not: accuracy at chance (10%) and a loss no better than\n"
        "    guessing (ln 10) after 50 steps, the rate too high (the loss jumped or ends above guessing) or too low.\"\"\"\n"
        "    guess = math.log(10)\n"
        "    if steps < 50 or test_acc >= 2.0 / 10:\n"
        "        return ''\n"
        "    if math.isfinite(test_loss) and test_loss < 0.95 * guess:\n"
        "        return ''\n"
        "    if not (math.isfinite(test_loss) and math.isfinite(max_loss)) or max_loss > 2 * first_loss \\\n"
        "            or test_loss > 1.05 * guess:\n"
        "        return 'lr_too_high'\n"
        "    return 'lr_too_low'\n"
        "\n\n"
        "n = len(X_train)\n"
        "batches = math.ceil(n / BATCH_SIZE)\n"
        "stop_after = None if EPOCHS_DONE is None else round(EPOCHS_DONE * batches)\n"
        "shuffle = torch.Generator(device='cpu')  # the order of the images, as the seed's DataLoader(shuffle=True)\n"
        "if SEED is not None:\n"
        "    shuffle.manual_seed(SEED)\n"
        "epochs, batch_losses = [], []\n"
        "stop_reason, cause, verdict = 'finished', '', ''\n"
        "first_loss, max_loss, steps = math.nan, -math.inf, 0\n"
        "started = time.perf_counter()\n"
        "net.train()\n"
        "for epoch in range(EPOCHS):\n"
        "    t0 = time.perf_counter()\n"
        "    loss_sum = 0.0  # summed one batch at a time, as the lab sums them\n"
        "    acc_sum = torch.zeros((), dtype=torch.float64)\n"
        "    order = torch.randperm(n, generator=shuffle)\n"
        "    done = batches\n"
        "    for b in range(batches):\n"
        "        if stop_after is not None and epoch * batches + b >= stop_after:\n"
        "            done, stop_reason = b, 'stopped'\n"
        "            break\n"
        "        rows = order[b * BATCH_SIZE:(b + 1) * BATCH_SIZE]\n"
        "        x, y = X_train[rows], Y_train[rows]\n"
        "        y_pred = net(x)\n"
        "        loss = criterion(y_pred, y)  # J = −1/m·Σ ln p_k over the batch\n"
        "        value = loss.item()\n"
        "        if not math.isfinite(value):  # the lab goes back to its last finite weights; this stops here\n"
        "            done, stop_reason, cause = b, 'diverged', 'lr_too_high'\n"
        "            print('the loss became NaN: the learning rate is too high')\n"
        "            break\n"
        "        if steps == 0:\n"
        "            first_loss = value\n"
        "        max_loss = max(max_loss, value)\n"
        "        steps += 1\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()  # ∂J/∂θ by backpropagation\n"
        "        optimizer.step()  # θ := θ − α·∂J/∂θ\n"
        "        loss_sum += value\n"
        "        # the batch's accuracy as torch divides it (float32), summed in float64, as the lab does\n"
        "        acc_sum += (y_pred.argmax(dim=1) == y).sum() / len(y)\n"
        "        batch_losses.append(value)\n"
        "    seconds = time.perf_counter() - t0\n"
        "    if stop_reason == 'diverged' or (stop_reason == 'stopped' and done == 0):\n"
        "        break  # nothing new to score: the weights went NaN, or the stop came before this epoch's first batch\n"
        "    test_loss, test_acc = evaluate(X_test, Y_test)\n"
        "    row = {'epoch': epoch, 'train_loss': loss_sum / max(done, 1), 'train_acc': float(acc_sum) / max(done, 1),\n"
        "           'test_loss': test_loss, 'test_acc': test_acc, 'seconds': seconds}\n"
        "    if done < batches:  # stopped midway: the weights it leaves, scored\n"
        "        row.update(partial=True, epochs_completed=epoch + done / batches)\n"
        "    epochs.append(row)\n"
        "    print(f'epoch:{epoch} train_loss:{row[\"train_loss\"]} train_acc:{row[\"train_acc\"]} test_acc:{test_acc}')\n"
        "    if stop_reason != 'finished':\n"
        "        break\n"
        "    verdict = learning_verdict(test_acc, test_loss, first_loss, max_loss, steps)\n"
        "if stop_reason == 'finished' and verdict:\n"
        "    stop_reason, cause = 'not_learning', verdict\n"
        "total_seconds = time.perf_counter() - started\n"
    )
    # ---- result
    result_md = ("The run's figures per epoch, and one JSON object with the keys of `main.py train-mlp --json` "
                 "as the last line printed." + (" The curves are drawn when matplotlib is installed."))
    config = {"hidden": hidden, "activation": activation, "optimizer": opt, "lr": cfg["lr"],
              "batch_size": cfg["batch_size"], "normalize": cfg["normalize"], "seed": seed}
    result_code = (
        "train_seconds = sum(e['seconds'] for e in epochs)\n"
        "samples = sum(min(round((e['epochs_completed'] - e['epoch']) * batches) * BATCH_SIZE, n) if e.get('partial')\n"
        "              else n for e in epochs)\n"
        "\n\n"
        "def finite(value):\n"
        "    \"\"\"JSON has no NaN or infinity: they are written as null.\"\"\"\n"
        "    if isinstance(value, float) and not math.isfinite(value):\n"
        "        return None\n"
        "    if isinstance(value, dict):\n"
        "        return {k: finite(v) for k, v in value.items()}\n"
        "    if isinstance(value, list):\n"
        "        return [finite(v) for v in value]\n"
        "    return value\n"
        "\n\n"
        "result = {\n"
        "    'epochs': epochs,\n"
        "    'test_acc': epochs[-1]['test_acc'] if epochs else None,\n"
        "    'samples_per_s': samples / train_seconds if train_seconds else None,\n"
        "    'stop_reason': stop_reason,\n"
        "    'not_learning_cause': cause or None,\n"
        "    'seconds': total_seconds,\n"
        "    'data': {'source': source, 'location': location, 'train': int(len(X_train)), 'test': int(len(X_test))},\n"
        f"    'config': {config!r},\n"
        "    'saved': None,\n"
        "}\n"
        "if plt is not None and epochs:\n"
        "    plt.figure(figsize=(15, 4))\n"
        "    plt.subplot(131)\n"
        "    plt.plot(batch_losses)\n"
        "    plt.xlabel('batch')\n"
        "    plt.ylabel('J')\n"
        "    plt.subplot(132)\n"
        "    plt.plot([e['epoch'] + 1 for e in epochs], [e['train_loss'] for e in epochs], label='train')\n"
        "    plt.plot([e['epoch'] + 1 for e in epochs], [e['test_loss'] for e in epochs], label='test')\n"
        "    plt.xlabel('epoch')\n"
        "    plt.ylabel('loss')\n"
        "    plt.legend()\n"
        "    plt.subplot(133)\n"
        "    plt.plot([e['epoch'] + 1 for e in epochs], [e['train_acc'] for e in epochs], label='train')\n"
        "    plt.plot([e['epoch'] + 1 for e in epochs], [e['test_acc'] for e in epochs], label='test')\n"
        "    plt.xlabel('epoch')\n"
        "    plt.ylabel('accuracy')\n"
        "    plt.legend()\n"
        "    plt.show()\n"
        "print(json.dumps(finite(result)))\n"
    )
    sections = [
        Section("Imports", "numpy and torch for the computation; matplotlib, if installed, for the plots.", _IMPORTS),
        Section("Data", data_md, data_code),
        Section("Model and cost", model_md, model_code),
        Section("Training", train_md, train_code),
        Section("Result", result_md, result_code),
    ]
    return title, intro, sections, {}
