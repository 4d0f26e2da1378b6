#!/usr/bin/python3
"""PyTorch twin of `ringdl train models/package_sections/train.yaml` for bench/package_sections.sh: the text CNN of
models/package_sections/package_sections.yaml (nn.Embedding with padding_idx 0, nn.Conv1d over windows of 3 tokens,
ReLU, the maximum over time, nn.Linear, log_softmax) on the text_csv files models/package_sections/prepare.sh
writes, Adam, NLL loss, the test accuracy after every epoch in RingDL's words ("[Epoch E] Test accuracy: A").

Token ids are RingDL's: the vocabulary file `ringdl train` saved beside its model (`<save_model>.vocab`) maps
tokens to ids, and the text is cut into tokens by a port of RingDL's word tokenizer (src/data/text/tokenizer.cpp:
its white space and punctuation classes and its lower-casing table). Before training the script counts the
tokens of the training files itself and requires the dictionary RingDL's rule makes of those counts (most
frequent first, ties by bytes, --vocab-size entries with <pad> and <unk>) to equal the file, token for token and
count for count; so both sides see the same ids. Records are padded with 0 or cut at the end to --steps tokens,
as `padding: fixed N` does; labels are the classes in byte order (`label_names: auto`).

Usage: torch_package_sections.py --data DIR --vocab FILE [--epochs 6] [--batch 64] [--lr 1e-3] [--steps 24]
                                 [--embedding 64] [--filters 128] [--width 3] [--threads 1] [--seed 1]"""
import argparse
import csv
import glob
import os
import sys
import time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--data", required=True, help="prepare.sh's output: train/part-*, test.csv, classes.txt")
ap.add_argument("--vocab", required=True, help="RingDL's vocabulary file (<save_model>.vocab)")
ap.add_argument("--vocab-size", type=int, default=10000, help="RingDL's text.vocab_size")
ap.add_argument("--epochs", type=int, default=6)
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--lr", type=float, default=1e-3)
ap.add_argument("--steps", type=int, default=24, help="padding: fixed N")
ap.add_argument("--embedding", type=int, default=64)
ap.add_argument("--filters", type=int, default=128)
ap.add_argument("--width", type=int, default=3)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_eval import test_accuracy  # noqa: E402


def fail(msg):
    sys.exit(f"torch_package_sections.py: {msg}")


# RingDL's word tokenizer (tokenizer.cpp), code point for code point.
def is_space(c):
    return (c == 0x20 or 0x09 <= c <= 0x0D or c in (0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
            or 0x2000 <= c <= 0x200A)


def is_punctuation(c):
    if c < 0x80:
        return 0x21 <= c <= 0x2F or 0x3A <= c <= 0x40 or (0x5B <= c <= 0x60 and c != 0x5F) or 0x7B <= c <= 0x7E
    if 0xA1 <= c <= 0xBF:
        return not (c in (0xAA, 0xB2, 0xB3, 0xB5, 0xB9, 0xBA) or 0xBC <= c <= 0xBE)
    if c in (0xD7, 0xF7):
        return True
    if 0x2010 <= c <= 0x2027 or 0x2030 <= c <= 0x205E:
        return True
    if 0x3001 <= c <= 0x3003 or 0x3008 <= c <= 0x3011 or 0x3014 <= c <= 0x301F:
        return True
    return 0xFF01 <= c <= 0xFF0F or 0xFF1A <= c <= 0xFF20 or 0xFF3B <= c <= 0xFF40 or 0xFF5B <= c <= 0xFF65


def to_lower(c):
    if c < 0x80:
        return c + 32 if 0x41 <= c <= 0x5A else c
    if 0xC0 <= c <= 0xDE and c != 0xD7:
        return c + 32
    if 0x100 <= c <= 0x17F:
        if c == 0x130:
            return 0x69
        if c == 0x178:
            return 0xFF
        if 0x139 <= c <= 0x148 or 0x179 <= c <= 0x17E:
            return c + 1 if c % 2 == 1 else c
        if c in (0x131, 0x138, 0x149, 0x17F):
            return c
        return c + 1 if c % 2 == 0 else c
    if 0x391 <= c <= 0x3AB and c != 0x3A2:
        return c + 32
    if c == 0x386:
        return 0x3AC
    if 0x388 <= c <= 0x38A:
        return c + 37
    if c == 0x38C:
        return 0x3CC
    if c in (0x38E, 0x38F):
        return c + 63
    if 0x400 <= c <= 0x40F:
        return c + 80
    if 0x410 <= c <= 0x42F:
        return c + 32
    return c


def tokenize(text):  # word mode, lower-cased: words, each punctuation mark a token of its own
    tokens, word = [], []
    for ch in text:
        c = ord(ch)
        space = is_space(c)
        if space or is_punctuation(c):
            if word:
                tokens.append("".join(word))
                word = []
            if not space:
                tokens.append(ch)
        else:
            word.append(chr(to_lower(c)))
    if word:
        tokens.append("".join(word))
    return tokens


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        for line_no, row in enumerate(csv.reader(f), 1):
            if not row:
                continue
            if len(row) != 2:
                fail(f"{path}: line {line_no}: {len(row)} fields, expected 2 (label, text)")
            yield row[0], row[1]


def unescape(token, where):  # the vocabulary file's escapes: \\ \t \r \n \xHH
    out, i = bytearray(), 0
    b = token.encode("utf-8")
    while i < len(b):
        if b[i] != 0x5C:
            out.append(b[i])
            i += 1
            continue
        nxt = b[i + 1:i + 2]
        if nxt in (b"\\", b"t", b"r", b"n"):
            out += {b"\\": b"\\", b"t": b"\t", b"r": b"\r", b"n": b"\n"}[nxt]
            i += 2
        elif nxt == b"x":
            out.append(int(b[i + 2:i + 4], 16))
            i += 4
        else:
            fail(f"{where}: bad escape in {token!r}")
    return out.decode("utf-8")


def read_vocab(path):
    entries = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line_no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line_no == 1 and line.startswith("#ringdl-vocabulary"):
                if line != "#ringdl-vocabulary 1":
                    fail(f"{path}: header {line!r}: expected '#ringdl-vocabulary 1' (no reserved <eos>)")
                continue
            token, _, count = line.partition("\t")
            entries.append((unescape(token, f"{path} line {line_no}"), int(count or 0)))
    return entries


train_files = sorted(glob.glob(os.path.join(args.data, "train", "part-*")))
if not train_files:
    fail(f"no training part files in {args.data}/train (run models/package_sections/prepare.sh {args.data})")
classes = open(os.path.join(args.data, "classes.txt"), encoding="utf-8").read().split()
class_index = {c: i for i, c in enumerate(classes)}
train_rows = [r for f in train_files for r in read_rows(f)]
test_rows = list(read_rows(os.path.join(args.data, "test.csv")))

# The dictionary RingDL's rule makes of this tokenizer's counts must be the vocabulary file.
counts = {}
train_tokens = [tokenize(text) for _, text in train_rows]
for tokens in train_tokens:
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
ours = [("<pad>", 0), ("<unk>", 0)] + sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
ours = ours[:args.vocab_size]
theirs = read_vocab(args.vocab)
if ours != theirs:
    diff = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    fail(f"the tokens differ from RingDL's: entry {diff} of {args.vocab} is "
         f"{theirs[diff] if diff < len(theirs) else 'past its end'}, this tokenizer counts "
         f"{ours[diff] if diff < len(ours) else 'nothing there'} ({len(theirs)} against {len(ours)} entries)")
vocab = {t: i for i, (t, _) in enumerate(theirs)}


def encode(rows, tokens=None):
    x = torch.zeros(len(rows), args.steps, dtype=torch.long)
    y = torch.empty(len(rows), dtype=torch.long)
    for i, (label, text) in enumerate(rows):
        if label not in class_index:
            fail(f"label {label!r} is not in classes.txt ({', '.join(classes)})")
        ids = [vocab.get(t, 1) for t in (tokens[i] if tokens else tokenize(text))][:args.steps]
        x[i, :len(ids)] = torch.tensor(ids, dtype=torch.long)
        y[i] = class_index[label]
    return x, y


x, y = encode(train_rows, train_tokens)
xt, yt = encode(test_rows)


class TextCnn(nn.Module):
    # package_sections.yaml: LookupTable(paddingValue 0) is nn.Embedding(padding_idx=0), both N(0, 1) with the
    # padding row zero and never updated; TemporalConvolution's weight [out, width*in] is Conv1d's [out, in, width]
    # over [N, in, T], both U(+-1/sqrt(width*in)) with the bias; Max over steps; Linear U(+-1/sqrt(in)).
    def __init__(self, vocab_size, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, args.embedding, padding_idx=0)
        self.conv = nn.Conv1d(args.embedding, args.filters, args.width)
        self.fc = nn.Linear(args.filters, classes)

    def forward(self, tokens):
        h = F.relu(self.conv(self.embedding(tokens).transpose(1, 2)))
        return F.log_softmax(self.fc(h.max(2).values), 1)


torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
model = TextCnn(len(theirs), len(classes))
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
n = len(x)
print(f"PyTorch {torch.__version__} training the text CNN on {n} records, testing on {len(xt)}; {len(classes)} "
      f"classes, {len(theirs)}-token dictionary equal to {args.vocab}; {args.threads} thread(s), batch {args.batch}",
      flush=True)
print(f"training text: {sum(counts.values())} tokens, {len(counts)} distinct", flush=True)
start = time.perf_counter()
it = 0
for epoch in range(1, args.epochs + 1):
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed * 1000 + epoch))
    for pos in range(0, n, args.batch):  # the last batch of an epoch may be short, as RingDL's is
        batch = perm[pos:pos + args.batch]
        opt.zero_grad()
        loss = F.nll_loss(model(x[batch]), y[batch])
        loss.backward()
        opt.step()
        it += 1
    print(f"[Epoch {epoch} {n}/{n}][Iteration {it}] Epoch finished. Wall clock time is "
          f"{(time.perf_counter() - start) * 1000:.0f} ms; loss {loss.item():.5f}", flush=True)
    print(f"[Epoch {epoch}] Test accuracy: {test_accuracy(model, xt, yt):.4f}", flush=True)
