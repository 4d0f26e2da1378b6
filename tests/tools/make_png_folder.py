#!/usr/bin/env python3
"""Writes Fashion-MNIST test images as grey PNGs in class folders, for the command-line tests.

Usage: make_png_folder.py FASHION_MNIST_DIR FOLDER BEGIN END [IDX_PREFIX]

FOLDER/c<label>/<index>.png for test images BEGIN..END-1 (so a folder's label equals the IDX label), and with
IDX_PREFIX the same images and labels as IDX files IDX_PREFIX-images and IDX_PREFIX-labels. The PNG writer
uses only Python's standard library (the bytes are the format's, built here, not by the code under test).
"""
import gzip
import os
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(pixels):
    rows = b"".join(b"\x00" + pixels[28 * y:28 * (y + 1)] for y in range(28))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main():
    fm, folder, begin, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    images = gzip.open(fm + "/t10k-images-idx3-ubyte.gz").read()[16:]
    labels = gzip.open(fm + "/t10k-labels-idx1-ubyte.gz").read()[8:]
    for i in range(begin, end):
        d = "%s/c%d" % (folder, labels[i])
        os.makedirs(d, exist_ok=True)
        with open("%s/%05d.png" % (d, i), "wb") as f:
            f.write(png(images[784 * i:784 * (i + 1)]))
    if len(sys.argv) > 5:
        n = end - begin
        with open(sys.argv[5] + "-images", "wb") as f:
            f.write(struct.pack(">BBBBIII", 0, 0, 8, 3, n, 28, 28) + images[784 * begin:784 * end])
        with open(sys.argv[5] + "-labels", "wb") as f:
            f.write(struct.pack(">BBBBI", 0, 0, 8, 1, n) + labels[begin:end])


if __name__ == "__main__":
    main()
